package scratchnet.jobs.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Spark standalone cluster of the project's own script ({@code conf/standalone-cluster.sh}): a
 * Master and two Workers of one core each, separate JVMs on 127.0.0.1. Stopped by {@link #close()}
 * (JUnit closes it after the last test), or by a shutdown hook should the JVM end first.
 */
final class StandaloneCluster implements AutoCloseable, ExecutorJvms {
    private final Path dir;
    private final String masterUrl;
    private final List<Long> workerPids;
    private final Thread hook;

    private StandaloneCluster(Path dir, String masterUrl, List<Long> workerPids) {
        this.dir = dir;
        this.masterUrl = masterUrl;
        this.workerPids = workerPids;
        this.hook = new Thread(this::stop, "stop the standalone cluster");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts the cluster and waits until both Workers have registered. */
    static StandaloneCluster start() throws IOException, InterruptedException {
        Path dir = E2E.dir().resolve("cluster");
        E2E.Result r = E2E.run("cluster-start", Duration.ofMinutes(3), List.of("timeout", "170",
                E2E.root().resolve("conf/standalone-cluster.sh").toString(), "start", "--workers", "2", "--cores", "1", "--memory", "1g", dir.toString()));
        if (r.code() != 0) {
            throw new IllegalStateException("the standalone cluster did not start (exit " + r.code() + "): " + r.err() + "; logs in " + dir.resolve("logs"));
        }
        E2E.figure(String.format(java.util.Locale.ROOT, "standalone cluster (master + 2 workers) up in %.1f s", r.seconds()));
        List<Long> workers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            workers.add(Long.parseLong(Files.readString(dir.resolve("worker-" + i + ".pid")).strip()));
        }
        return new StandaloneCluster(dir, r.out().strip(), workers);
    }

    /** @return {@code spark://127.0.0.1:PORT} */
    String masterUrl() {
        return masterUrl;
    }

    /** @return the Master's view of its drivers and applications ({@code /json/} of its web UI) */
    com.fasterxml.jackson.databind.JsonNode masterState() throws IOException, InterruptedException {
        java.net.URI uri = java.net.URI.create(Files.readString(dir.resolve("master-webui")).strip() + "/json/");
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    /** @return a file ({@code stdout}, {@code stderr}) of a driver a Worker ran, in the Worker's work directory */
    Path driverFile(String driverId, String name) throws IOException {
        try (var dirs = Files.list(dir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("work-")).map(d -> d.resolve(driverId).resolve(name))
                    .filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IOException("no " + name + " of driver " + driverId + " under " + dir));
        }
    }

    /** @return the executor JVMs now running: children of this cluster's Workers */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (long pid : workerPids) {
            ProcessHandle.of(pid).ifPresent(w -> w.children()
                    .filter(c -> ExecutorJvms.commandLine(c).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
                    .forEach(out::add));
        }
        return out;
    }

    /** @return the executor JVM of Spark's executor {@code id}, if one of this cluster's Workers runs it */
    @Override
    public Optional<ProcessHandle> executor(String id) {
        return executors().stream().filter(e -> ExecutorJvms.commandLine(e).contains(" --executor-id " + id + " ")).findFirst();
    }

    /** @return the log (stderr) of an executor JVM of this cluster, in its Worker's work directory */
    @Override
    public Path executorLog(ProcessHandle executor) throws IOException {
        List<String> args = List.of(ExecutorJvms.commandLine(executor).split(" "));
        String app = args.get(args.indexOf("--app-id") + 1);
        String id = args.get(args.indexOf("--executor-id") + 1);
        try (var dirs = Files.list(dir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("work-"))
                    .map(d -> d.resolve(app).resolve(id).resolve("stderr"))
                    .filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IOException("no log of executor " + id + " of " + app + " under " + dir));
        }
    }

    private void stop() {
        try {
            E2E.run("cluster-stop", Duration.ofMinutes(1), List.of(E2E.root().resolve("conf/standalone-cluster.sh").toString(), "stop", dir.toString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(hook);
        stop();
    }
}
