package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import scratchnet.core.StallingServer;
import scratchnet.jobs.io.SmallDisk;

/**
 * The hostile user's probe, kept: about a hundred command lines that break the contract's
 * promises if they can (bad tables, tampered models, a full disk, stalling servers, URLs with
 * secrets, paths that are not outputs), each checked for the exit code, exactly the lines it may
 * print on stderr (one line per failure, no stack trace), and what it must leave on disk. The
 * racy ones (a task failing on bad input while the context stops) run {@value #RACES} times each.
 *
 * <p>They run one after the other in one JVM ({@link HostileRunner}) with the product's logging
 * ({@code conf/log4j2.properties}), so that whatever Spark prints counts; the figures ("N cases,
 * B breaks") go to {@code target/e2e/hostile.txt}. {@code jobs/bench/hostile.sh} runs this class.
 * Cases that need their own process (signals, the launcher) are in {@link HostileProcessesIT}.
 */
@Tag("e2e")
class HostileIT {
    /** Runs of each racy case. */
    static final int RACES = 20;
    private static final String W = "book";

    private static Path dir;
    private static HostileInputs in;
    private static SmallDisk disk;
    private static StallingServer stalling;
    private static HttpServer gateway;
    private static final List<String> AUTHORIZATIONS = new ArrayList<>();
    private static final List<Case> CASES = new ArrayList<>();
    private static final List<Case> LISTINGS = new ArrayList<>();
    private static final Map<String, Outcome> OUTCOMES = new LinkedHashMap<>();
    private static double seconds;

    /**
     * One command line and what it must do.
     *
     * @param name   the case's name
     * @param args   its arguments ({@code -Dk=v} first for settings)
     * @param exit   the exit code it must end with
     * @param stderr patterns, each matching one whole line of stderr, in order: all it may print
     * @param after  checks of what it left, run after it has ended
     */
    record Case(String name, List<String> args, int exit, List<String> stderr, Consumer<Outcome> after) {
    }

    /** What a case did. */
    record Outcome(int exit, List<String> out, List<String> err, double seconds) {
    }

    private static void add(String name, int exit, List<String> stderr, Consumer<Outcome> after, String... args) {
        CASES.add(new Case(name, List.of(args), exit, stderr, after));
    }

    private static void add(String name, int exit, String stderr, String... args) {
        add(name, exit, List.of(stderr), o -> { }, args);
    }

    private static void add(String name, int exit, String stderr, Consumer<Outcome> after, String... args) {
        add(name, exit, List.of(stderr), after, args);
    }

    private static String q(Object path) {
        return Pattern.quote(path.toString());
    }

    private static String p(String name) {
        return in.path(name).toString();
    }

    @BeforeAll
    static void runEveryCase() throws Exception {
        dir = E2E.dir().resolve("hostile");
        SmallDisk.unmountLeftovers(dir);
        HostileInputs.deleteTree(dir);
        in = new HostileInputs(Files.createDirectories(dir.resolve("in")));
        in.make();
        disk = SmallDisk.mount(dir.resolve("small"), 4);
        stalling = new StallingServer(1 << 20, 100);
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            synchronized (AUTHORIZATIONS) {
                AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            }
            byte[] body = exchange.getRequestURI().getPath().startsWith("/hostile/")
                    ? "\u001b[2J\u001b]0;owned\u0007push refused\nsecond line".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(body.length == 0 ? 200 : 500, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.start();
        cases();

        Path file = dir.resolve("cases.tsv");
        List<String> lines = new ArrayList<>();
        for (Case c : CASES) {
            lines.add(c.name().startsWith("!") ? String.join("\t", c.args()) : c.name() + "\t" + String.join("\t", c.args()));
        }
        // the pseudo cases of !list directives are checked as cases
        CASES.removeIf(c -> c.name().startsWith("!list"));
        CASES.addAll(LISTINGS);
        Files.write(file, lines, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        Process runner = runner(file);
        assertTrue(runner.waitFor(20, TimeUnit.MINUTES), "the runner did not end within 20 minutes");
        seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, runner.exitValue(), "the runner failed: see " + dir.resolve("runner.err"));
        parse(Files.readAllLines(dir.resolve("runner.out"), StandardCharsets.UTF_8), Files.readAllLines(dir.resolve("runner.err"), StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.stop(0);
        }
        if (stalling != null) {
            stalling.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    /** The runner's JVM: this JVM's module flags and class path, the product's logging, Spark in local[2] on 127.0.0.1. */
    private static Process runner(Path cases) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.netty")
                    || a.startsWith("--sun-misc-") || a.startsWith("--enable-native-access")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xmx2g", "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + E2E.root().resolve("conf/log4j2.properties"),
                "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.ui.showConsoleProgress=false", "-cp", System.getProperty("java.class.path"), HostileRunner.class.getName(), cases.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("runner.out").toFile()).redirectError(dir.resolve("runner.err").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1"); // as submit.sh sets it for a local master
        return pb.start();
    }

    private static final Pattern BEGIN = Pattern.compile("@@@ begin (.+)");
    private static final Pattern END = Pattern.compile("@@@ end (.+) exit (-?\\d+) seconds ([0-9.]+)");

    /** Splits the runner's output by case: what comes after a case's end, before the next begins, is still the case's. */
    private static void parse(List<String> out, List<String> err) {
        Map<String, List<String>> outs = split(out, null);
        Map<String, double[]> ends = new LinkedHashMap<>();
        Map<String, List<String>> errs = split(err, ends);
        for (Map.Entry<String, double[]> e : ends.entrySet()) {
            OUTCOMES.put(e.getKey(), new Outcome((int) e.getValue()[0], outs.getOrDefault(e.getKey(), List.of()),
                    errs.getOrDefault(e.getKey(), List.of()), e.getValue()[1]));
        }
    }

    private static Map<String, List<String>> split(List<String> lines, Map<String, double[]> ends) {
        Map<String, List<String>> byCase = new LinkedHashMap<>();
        String current = "(before any case)";
        for (String line : lines) {
            Matcher b = BEGIN.matcher(line);
            Matcher e = END.matcher(line);
            if (b.matches()) {
                current = b.group(1);
            } else if (e.matches()) {
                if (ends != null) {
                    ends.put(e.group(1), new double[] {Integer.parseInt(e.group(2)), Double.parseDouble(e.group(3))});
                }
            } else {
                byCase.computeIfAbsent(current, k -> new ArrayList<>()).add(line);
            }
        }
        return byCase;
    }

    /** @return what breaks the contract in a case, one line each; empty when it keeps it */
    static List<String> breaks(Case c, Outcome o) {
        List<String> out = new ArrayList<>();
        if (o == null) {
            out.add("did not run (see runner.err)");
            return out;
        }
        if (o.exit() != c.exit()) {
            out.add("exit " + o.exit() + ", expected " + c.exit());
        }
        if (o.err().size() != c.stderr().size()) {
            out.add(o.err().size() + " stderr lines, expected " + c.stderr().size());
        }
        for (int i = 0; i < Math.min(o.err().size(), c.stderr().size()); i++) {
            if (!o.err().get(i).matches(c.stderr().get(i))) {
                out.add("stderr line " + (i + 1) + " does not match " + c.stderr().get(i));
            }
        }
        try {
            c.after().accept(o);
        } catch (AssertionError e) {
            out.add(e.getMessage());
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseKeepsTheContract() throws IOException {
        int breaks = 0;
        int cases = 0;
        StringBuilder report = new StringBuilder();
        for (Case c : CASES) {
            if (c.name().startsWith("!")) {
                continue;
            }
            cases++;
            List<String> found = breaks(c, OUTCOMES.get(c.name()));
            if (!found.isEmpty()) {
                breaks++;
                report.append("BREAK ").append(c.name()).append(": ").append(String.join("; ", found)).append('\n');
            }
        }
        String summary = String.format(Locale.ROOT, "hostile: %d cases (racy ones %d times each), %d breaks, %.0f s in one JVM", cases, RACES, breaks, seconds);
        Files.writeString(E2E.dir().resolve("hostile.txt"), summary + "\n" + report, StandardCharsets.UTF_8);
        E2E.figure(summary);
        return CASES.stream().filter(c -> !c.name().startsWith("!")).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Outcome o = OUTCOMES.get(c.name());
            List<String> found = breaks(c, o);
            assertTrue(found.isEmpty(), c.name() + " " + c.args() + ": " + String.join("; ", found)
                    + (o == null ? "" : "\nstdout:\n" + String.join("\n", o.out()) + "\nstderr:\n" + String.join("\n", o.err())));
        }));
    }

    private static void directive(String... fields) {
        CASES.add(new Case("!" + fields[0], List.of(fields), 0, List.of(), o -> { }));
    }

    /** What a directory holds at this point of the run, checked as a case of its own. */
    private static void listing(String name, Path d, List<String> expected) {
        directive("!list", name, d.toString());
        LISTINGS.add(new Case(name, List.of(), 0, List.of(), o -> assertEquals(expected, o.out(), d.toString())));
    }

    private static void noFile(Path p) {
        assertFalse(Files.exists(p), p + " must not exist");
    }

    private static List<String> names(Path d) {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(d + ": " + e.getMessage());
        }
    }

    private static void cases() {
        String mnist = in.mnist.toString();
        String labels10 = q("file:" + in.path("labels-10/t10k-labels-idx1-ubyte"));
        String labels12 = q("file:" + in.path("labels-12/t10k-labels-idx1-ubyte"));

        // 1. an output lost, or one that was never ours
        Path table = dir.resolve("out/mine/table");
        add("predict writes a table", 0, List.of(), o -> assertTrue(Files.exists(table.resolve("_SCRATCHNET"))),
                "predict", "--weights", W, "--data", mnist, "--out", table.toString());
        add("predict --overwrite replaces its own table", 0, List.of(), o -> assertEquals(List.of("table"), names(table.getParent())),
                "predict", "--weights", W, "--data", mnist, "--out", table.toString(), "--overwrite", "--format", "csv");
        add("predict --overwrite into someone else's directory", 2,
                List.of("scratchnet: " + q("file:" + in.path("unrelated")) + ": not replaced: it is not a predict table written by scratchnet"
                        + " \\(it has no _SCRATCHNET file\\); remove it yourself, or choose another output"),
                o -> assertEquals(List.of("holiday.jpg"), names(in.path("unrelated"))),
                "predict", "--weights", W, "--data", mnist, "--out", p("unrelated"), "--overwrite");
        add("export-mllib --overwrite over a predict table", 2,
                List.of("scratchnet: .*table: not replaced: it is not a MLlib model written by scratchnet \\(its _SCRATCHNET says 'predict table'\\).*"),
                o -> assertTrue(Files.exists(table.resolve("_SUCCESS"))), "export-mllib", "--weights", W, "--out", table.toString(), "--overwrite");
        add("evaluate --misclassified-out --overwrite into someone else's directory", 2,
                List.of("scratchnet: .*unrelated: not replaced: it is not a misclassified index written by scratchnet.*"),
                o -> assertEquals(List.of("holiday.jpg"), names(in.path("unrelated"))),
                "evaluate", "--weights", W, "--data", mnist, "--misclassified-out", p("unrelated"), "--overwrite");

        // 2. a lock that outlives its run; and a disk that fills while the report is written
        Path small = dir.resolve("small");
        Path filler = small.resolve("filler");
        directive("!fill", filler.toString(), "0");
        add("evaluate --report on a full disk", 2, List.of("scratchnet: " + q("file:" + small.resolve("report/runs/.full.lock"))
                        + ": cannot create the lock: .*No space left on device.*"), o -> { },
                "evaluate", "--weights", W, "--data", mnist, "--report", small.resolve("report").toString(), "--run-id", "full");
        listing("what a full disk's run left: no lock, no temporary file", small.resolve("report/runs"), List.of());
        directive("!free", filler.toString());
        add("evaluate --report once the disk has room", 0, List.of(), o -> assertTrue(Files.exists(small.resolve("report/runs/full.json"))),
                "evaluate", "--weights", W, "--data", mnist, "--report", small.resolve("report").toString(), "--run-id", "full");
        directive("!fill", filler.toString(), "12288");
        add("a disk that fills while the report's pictures are written: the gate's exit code", 3,
                List.of("scratchnet: error: report not written: " + q("file:" + small.resolve("report2/runs/gate.confusion.png"))
                        + ": cannot write: .*", "scratchnet: accuracy 0\\.9352 is below --min-accuracy 0\\.99"),
                o -> { },
                "evaluate", "--weights", W, "--data", mnist, "--report", small.resolve("report2").toString(), "--run-id", "gate", "--min-accuracy", "0.99");
        listing("what a disk full while writing pictures left: nothing", small.resolve("report2/runs"), List.of());
        directive("!free", filler.toString());

        // 3. hangs on a slow peer; inputs that are not regular files
        add("evaluate --push-metrics to a gateway that stalls mid-answer", 0,
                List.of("scratchnet: warning: metrics not pushed: " + q(stalling.url()) + "metrics/job/scratchnet_evaluate/run_id/stall: no whole answer within 10\\.0 s"),
                o -> assertTrue(o.seconds() < 60, "took " + o.seconds() + " s"),
                "evaluate", "--weights", W, "--data", mnist, "--push-metrics", stalling.url(), "--run-id", "stall");
        add("predict --data a FIFO", 2, "scratchnet: " + q(p("fifo")) + ": is not a regular file \\(a FIFO, socket or device is never read\\)",
                "predict", "--weights", W, "--data", p("fifo"), "--out", dir.resolve("out/fifo").toString());
        add("evaluate --weights a FIFO", 2, "scratchnet: " + q(p("fifo")) + ": is not a regular file .*",
                "evaluate", "--weights", p("fifo"), "--data", mnist);
        add("predict --data a table holding a FIFO", 2, "scratchnet: " + q(p("table-with-fifo/part-99999.parquet")) + ": is not a regular file .*",
                "predict", "--weights", W, "--data", p("table-with-fifo"), "--out", dir.resolve("out/fifo2").toString());
        add("evaluate --weights a saved model whose metadata is a FIFO", 2, "scratchnet: .*mlp-fifo-metadata/metadata/part-.*: is not a regular file .*",
                "evaluate", "--weights", p("mlp-fifo-metadata"), "--data", mnist);

        // 4. Spark SQL's and MLlib's errors
        add("predict --data a path that does not exist", 2, "scratchnet: " + q("file:" + in.path("nowhere")) + ": no such file or directory",
                "predict", "--weights", W, "--data", p("nowhere"), "--out", dir.resolve("out/nowhere").toString());
        add("predict an empty labelled table", 2, "scratchnet: " + q("file:" + in.path("empty")) + ": holds no rows \\(a table of zero images cannot be scored\\)",
                o -> noFile(dir.resolve("out/empty")), "predict", "--weights", W, "--data", p("empty"), "--out", dir.resolve("out/empty").toString());
        add("predict a table with a truncated part file", 2, "scratchnet: file:/+" + q(in.path("truncated").toString().substring(1))
                        + "/part-[^:]*\\.parquet: cannot read it as part of the table: .*",
                o -> noFile(dir.resolve("out/truncated")), "predict", "--weights", W, "--data", p("truncated"), "--out", dir.resolve("out/truncated").toString());
        add("predict a table holding a stray CSV", 2, "scratchnet: file:/+" + q(in.path("stray/labels.csv").toString().substring(1))
                        + ": cannot read it as part of the table: is not a Parquet file.*",
                "predict", "--weights", W, "--data", p("stray"), "--out", dir.resolve("out/stray").toString());
        add("predict a table of part files with conflicting schemas", 2,
                "scratchnet: file:/+" + q(in.path("conflicting").toString().substring(1)) + "/part-[^:]*: cannot read it as part of the table: .*\\(part files of conflicting schemas\\)",
                o -> noFile(dir.resolve("out/conflicting")), "predict", "--weights", W, "--data", p("conflicting"), "--out", dir.resolve("out/conflicting").toString());
        add("predict a table whose columns differ only in case", 2,
                "scratchnet: " + q("file:" + in.path("doubled")) + ": (two columns named `image` \\(Spark SQL tells names apart regardless of case\\): rename one"
                        + "|columns 'image' and 'Image' have the same name to Spark SQL, which ignores case: rename one)",
                "predict", "--weights", W, "--data", p("doubled"), "--out", dir.resolve("out/doubled").toString());
        add("predict a table whose image column's name holds a dot", 0, List.of(),
                o -> assertTrue(o.out().get(0).startsWith("wrote 40 rows to "), o.out().toString()),
                "predict", "--weights", W, "--data", p("dotted"), "--image-col", "my.image", "--out", dir.resolve("out/dotted").toString());
        add("a saved MLlib model without its data/ folder", 2,
                "scratchnet: " + q("file:" + in.path("mlp-no-data")) + ": a saved model without its data/ folder \\(its weights\\): an incomplete copy\\?",
                "evaluate", "--weights", p("mlp-no-data"), "--data", mnist);
        add("a saved MLlib model whose layers overflow an int", 2,
                "scratchnet: " + q("file:" + in.path("mlp-overflow")) + ": layers \\[784, 2000000000, 2000000000, 10\\] hold more than 2147483647 weights.*",
                "evaluate", "--weights", p("mlp-overflow"), "--data", mnist);
        add("a saved MLlib model whose metadata is 3 GB", 2,
                "scratchnet: .*mlp-3gb-metadata/metadata/part-[^:]*: 3221225472 bytes is too large for a saved model's metadata \\(at most 1048576\\)",
                "evaluate", "--weights", p("mlp-3gb-metadata"), "--data", mnist);
        for (int i = 1; i <= RACES; i++) {
            add("race: evaluate, a task fails on label 12 while others run #" + i, 2,
                    "scratchnet: " + labels12 + ": label 12 of record 5000 at offset 5008 is not a digit 0-9",
                    "evaluate", "--weights", W, "--data", p("labels-12"), "--partitions", "4");
            Path out = dir.resolve("out/race-" + i + "/table");
            add("race: predict, a task fails on label 10 while others run #" + i, 2,
                    List.of("scratchnet: " + labels10 + ": label 10 of record 5000 at offset 5008 is not a digit 0-9"),
                    o -> assertEquals(List.of(), names(out.getParent()), "nothing written, nothing left"),
                    "predict", "--weights", W, "--data", p("labels-10"), "--partitions", "4", "--out", out.toString());
        }

        // 5. secrets and terminal escapes
        String gatewayUrl = "http://127.0.0.1:" + gateway.getAddress().getPort();
        add("evaluate --push-metrics with a user and password", 0, List.of(), o -> {
            assertTrue(o.out().contains("metrics pushed to " + gatewayUrl + " (job scratchnet_evaluate, run_id creds)"), o.out().toString());
            assertFalse(String.join("\n", o.out()).contains("s3cret"), o.out().toString());
            assertTrue(AUTHORIZATIONS.contains("Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8))),
                    AUTHORIZATIONS.toString());
        }, "evaluate", "--weights", W, "--data", mnist, "--push-metrics", "http://ops:s3cret@127.0.0.1:" + gateway.getAddress().getPort(), "--run-id", "creds");
        add("a gateway's error answer with terminal escapes", 0,
                "scratchnet: warning: metrics not pushed: " + q(gatewayUrl) + "/hostile/metrics/job/scratchnet_evaluate/run_id/esc answered 500: "
                        + q("\\x1b[2J\\x1b]0;owned\\x07push refused"),
                "evaluate", "--weights", W, "--data", mnist, "--push-metrics", "http://ops:s3cret@127.0.0.1:" + gateway.getAddress().getPort() + "/hostile/",
                "--run-id", "esc");

        // 6. a resume that trusts a tampered checkpoint
        add("train --resume a checkpoint whose settings lack the optimizer, as momentum", 2,
                "scratchnet: " + q("file:" + in.path("ckpt-no-optimizer/checkpoint.json")) + ": records no setting 'optimizer' \\(a checkpoint"
                        + " names every setting its weights depend on\\): it cannot be resumed as --optimizer momentum",
                "train", "--data", mnist, "--iters", "4", "--optimizer", "momentum", "--partitions", "2", "--out", p("ckpt-no-optimizer"), "--resume");
        add("train --resume a checkpoint holding a NaN", 2,
                "scratchnet: " + q("file:" + in.path("ckpt-nan/checkpoint-000000002.npz")) + ": W2\\[7\\] is NaN: a checkpoint holds only finite"
                        + " values \\(damaged or altered\\)",
                "train", "--data", mnist, "--iters", "4", "--optimizer", "adam", "--partitions", "2", "--out", p("ckpt-nan"), "--resume");

        // 7. a bad setting found late
        Path report = dir.resolve("out/never");
        add("a malformed --push-metrics is refused before any work", 2,
                "scratchnet: evaluate: --push-metrics htp:/x y: not a URL: Illegal character in path at index 6",
                o -> noFile(report), "evaluate", "--weights", W, "--data", mnist, "--report", report.toString(), "--push-metrics", "htp:/x y",
                "--min-accuracy", "0.99");
        add("--out /", 2, "scratchnet: predict: --out /: is the root of its file system: name a directory or file below it",
                "predict", "--weights", W, "--out", "/");
        add("--out with a ':'", 2, "scratchnet: predict: --out a:b: not a path or URI: the ':' makes 'a' read as a URI scheme \\(write \\./a:b or an absolute path\\)",
                "predict", "--weights", W, "--out", "a:b");
        add("--out under a regular file", 2, "scratchnet: " + q("file:" + in.path("a-file/sub")) + ": cannot be created: " + q("file:" + in.path("a-file"))
                        + " is a file, not a directory",
                "predict", "--weights", W, "--data", mnist, "--out", p("a-file") + "/sub");
        add("a mistyped spark.scratchnet setting", 2,
                "scratchnet: --conf spark.scratchnet.executorWiat: no such setting \\(did you mean spark.scratchnet.executorWait\\?\\)",
                "-Dspark.scratchnet.executorWiat=5s", "evaluate", "--weights", W, "--data", mnist);
        add("a spark.scratchnet setting that is no duration", 2,
                "scratchnet: --conf spark.scratchnet.startTimeout=soon: not a duration \\(e.g. 20s, 2m, 500ms\\)",
                "-Dspark.scratchnet.startTimeout=soon", "train", "--data", mnist, "--iters", "1", "--out", dir.resolve("out/train").toString());

        // 8. reading outside what was named
        String linkWarning = "scratchnet: warning: " + q("file:" + in.path("report-with-link/runs/passwd.json"))
                + ": not a regular file inside the report \\(a link, a directory or a device is never read\\); skipped";
        add("evaluate --report into a report whose runs/ links out of it", 0, List.of(linkWarning), o -> { },
                "evaluate", "--weights", W, "--data", mnist, "--report", p("report-with-link"), "--run-id", "ok");
        add("history of a report whose runs/ links out of it", 0,
                List.of(linkWarning),
                o -> assertFalse(String.join("\n", o.out()).contains("hunter2"), o.out().toString()),
                "history", "--report", p("report-with-link"));

        // and after all of them: no lock, temporary directory or earlier version left beside any output
        directive("!list", "after every case: nothing hidden beside the outputs", dir.resolve("out").toString());
        LISTINGS.add(new Case("after every case: nothing hidden beside the outputs", List.of(), 0, List.of(),
                o -> assertEquals(List.of(), o.out().stream().filter(n -> n.startsWith(".")).toList())));
    }
}
