package scratchnet.jobs.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import scratchnet.jobs.cli.Cli;

/**
 * Runs many command lines one after the other in one JVM, as {@code Main} runs one (the product's
 * logging, a Spark context started and stopped by each command), so that {@link HostileIT} can
 * check a hundred hostile cases without a JVM start each. Its argument is a file of cases, one a
 * line, fields separated by tabs:
 * <ul>
 * <li>{@code NAME ARG…}: runs the command line; {@code -Dkey=value} fields before the command are
 *     system properties for this case only (as {@code --conf} would give them);</li>
 * <li>{@code !fill FILE BYTES}: appends zeros to FILE until BYTES bytes are left free on its disk,
 *     or none can be written;</li>
 * <li>{@code !free FILE}: removes FILE;</li>
 * <li>{@code !list NAME DIR}: a pseudo case NAME whose output is the names in DIR, at that moment.</li>
 * </ul>
 * Around each case it writes {@code @@@ begin NAME} and {@code @@@ end NAME exit CODE seconds S} on stdout
 * and on stderr, so that what each case printed can be told apart (and anything printed after a
 * case has ended is counted against it).
 */
public final class HostileRunner {

    private HostileRunner() {
    }

    public static void main(String[] args) throws Exception {
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = new ArrayList<>(Arrays.asList(line.split("\t", -1)));
            String name = fields.remove(0);
            switch (name) {
                case "!fill" -> fill(Path.of(fields.get(0)), Long.parseLong(fields.get(1)));
                case "!free" -> Files.deleteIfExists(Path.of(fields.get(0)));
                case "!list" -> list(fields.get(0), Path.of(fields.get(1)));
                default -> run(name, fields);
            }
        }
        System.out.flush();
        System.err.flush();
        System.exit(0);
    }

    private static void run(String name, List<String> fields) {
        List<String> properties = new ArrayList<>();
        while (!fields.isEmpty() && fields.get(0).startsWith("-D")) {
            String[] kv = fields.remove(0).substring(2).split("=", 2);
            System.setProperty(kv[0], kv[1]);
            properties.add(kv[0]);
        }
        mark("@@@ begin " + name);
        long start = System.nanoTime();
        int code = Cli.standard().run(fields.toArray(String[]::new), System.out, System.err);
        mark(String.format(java.util.Locale.ROOT, "@@@ end %s exit %d seconds %.3f", name, code, (System.nanoTime() - start) / 1e9));
        properties.forEach(System::clearProperty);
    }

    private static void mark(String line) {
        for (PrintStream s : new PrintStream[] {System.out, System.err}) {
            s.println(line);
            s.flush();
        }
    }

    private static void list(String name, Path dir) throws IOException {
        mark("@@@ begin " + name);
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).sorted().forEach(System.out::println);
            }
        }
        mark("@@@ end " + name + " exit 0 seconds 0");
    }

    private static void fill(Path file, long leaveBytes) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (Files.getFileStore(file).getUsableSpace() > leaveBytes) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            // the disk is full: as wanted
        }
    }
}
