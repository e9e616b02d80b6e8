package scratchnet.jobs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the end-to-end tests share: the project's root and scripts, their own folder under
 * {@code jobs/target/e2e}, and running commands as separate processes, every one under
 * {@code timeout}, their output kept in files there.
 */
final class E2E {
    /** The longest a submit may take before {@code timeout} ends it. */
    static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);

    private E2E() {
    }

    /** A finished command. */
    record Result(int code, String out, String err, double seconds) {
        /** @return stdout's first line */
        String firstLine() {
            return out.lines().findFirst().orElse("");
        }
    }

    /** @return the project's root (set by the e2e profile as {@code scratchnet.root}) */
    static Path root() {
        return Path.of(System.getProperty("scratchnet.root", "..")).toAbsolutePath().normalize();
    }

    /** @return {@code jobs/target/e2e}, created */
    static Path dir() {
        try {
            return Files.createDirectories(root().resolve("jobs/target/e2e"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a port free at this moment, on 127.0.0.1 */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code timeout submit.sh --master MASTER <loopback settings> [sparkOptions] args}: the
     * driver on 127.0.0.1, its event log in {@code target/e2e/events}.
     */
    static List<String> submit(String master, List<String> sparkOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "10", Long.toString(SUBMIT_TIMEOUT.toSeconds()),
                root().resolve("submit.sh").toString(), "--master", master,
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.eventLog.dir=" + eventLogDir().toUri()));
        cmd.addAll(sparkOptions);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** @return where the tests' Spark applications write their event logs */
    static Path eventLogDir() {
        return dir().resolve("events");
    }

    /**
     * Starts a command, its stdout and stderr going to {@code <name>.out} and {@code <name>.err}
     * in {@link #dir()}; Spark and Hadoop see 127.0.0.1 and the project's own jars.
     */
    static Process start(String name, List<String> command) throws IOException {
        return start(name, command, Map.of());
    }

    /** {@link #start(String, List)} with more environment variables. */
    static Process start(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir().resolve(name + ".out").toFile())
                .redirectError(dir().resolve(name + ".err").toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits for a started command (killing it after {@code timeout}) and reads what it printed. */
    static Result finish(String name, Process p, Duration timeout, long startedNanos) throws IOException, InterruptedException {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        return new Result(p.exitValue(), read(name + ".out"), read(name + ".err"), (System.nanoTime() - startedNanos) / 1e9);
    }

    /** Runs a command to its end. */
    static Result run(String name, Duration timeout, List<String> command) throws IOException, InterruptedException {
        return run(name, timeout, command, Map.of());
    }

    /** Runs a command to its end, with more environment variables. */
    static Result run(String name, Duration timeout, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        return finish(name, start(name, command, env), timeout, t0);
    }

    /** @return a file of {@link #dir()} as text */
    static String read(String name) throws IOException {
        return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
    }

    /** @return {@code 4.2 s}, or a note that it was not seen */
    static String seconds(Double s) {
        return s == null ? "(not before the job ended)" : String.format(java.util.Locale.ROOT, "%.1f s", s);
    }

    /** Prints a measured figure and keeps it in {@code target/e2e/figures.txt}. */
    static synchronized void figure(String text) {
        System.out.println("e2e figure: " + text);
        try {
            Files.writeString(dir().resolve("figures.txt"), text + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
