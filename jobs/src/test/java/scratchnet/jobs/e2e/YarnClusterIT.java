package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.io.WeightsFile;
import scratchnet.core.net.Params;

/**
 * {@code --master yarn} from the project's own jars, as users run it: {@code submit.sh} with
 * {@code HADOOP_CONF_DIR} naming a YARN cluster and its HDFS (a MiniYARNCluster and a
 * MiniDFSCluster in this JVM, on 127.0.0.1, started once for the class). Spark's jars reach the
 * containers uploaded with the application (submit.sh's default) once, and from an archive on HDFS
 * ({@code conf/yarn-archive.sh}) for the other runs. In cluster mode the application's final status
 * and diagnostics carry the exit contract, and submit.sh ends with the driver's line and code.
 */
@Tag("e2e")
class YarnClusterIT {
    private static final String ARCHIVE = "/apps/scratchnet/spark-jars-4.2.0.zip";
    /** Three epochs: three synchronous rounds of 600 steps. */
    private static final int ITERATIONS = 1800;
    private static MiniYarn cluster;
    private static String data;
    private static float[][] local2;
    private static String local2Accuracy;
    private static final String CLIENT_UPLOAD = "yarn-evaluate-client";
    private static Process clientUpload;
    private static long clientUploadStart;

    @BeforeAll
    static void startTheClusterAndTrainInLocal2() throws Exception {
        // the reference training runs in its own JVM while the cluster starts and takes Spark's jars
        long t0 = System.nanoTime();
        Process local = E2E.start("yarn-train-local2", E2E.submit("local[2]", List.of(),
                train(TestData.mnistDir().toString(), E2E.dir().resolve("yarn-train-local2").toString())));
        try {
            cluster = MiniYarn.start();
            data = cluster.hdfsUri() + "/datasets/mnist";
            FileSystem fs = cluster.fileSystem();
            for (String name : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte")) {
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(TestData.mnistDir().resolve(name).toUri()),
                        new org.apache.hadoop.fs.Path(data + "/" + name));
            }
            clientUploadStart = System.nanoTime();
            clientUpload = E2E.start(CLIENT_UPLOAD, submit(CLIENT_UPLOAD, "client", false, List.of(), "evaluate", "--data", data,
                    "--weights", "book"), cluster.env());
            E2E.Result archive = E2E.run("yarn-archive", Duration.ofMinutes(3), List.of(E2E.root().resolve("conf/yarn-archive.sh").toString(),
                    cluster.hdfsUri() + ARCHIVE), cluster.env());
            assertEquals(0, archive.code(), archive.err());
            assertEquals("--conf spark.yarn.archive=" + cluster.hdfsUri() + ARCHIVE, archive.out().strip());
            E2E.figure(String.format(Locale.ROOT, "conf/yarn-archive.sh: Spark's jars zipped and put on HDFS in %.1f s", archive.seconds()));
        } catch (Exception | Error e) {
            local.descendants().forEach(ProcessHandle::destroyForcibly);
            local.destroyForcibly();
            throw e;
        }
        E2E.Result r = E2E.finish("yarn-train-local2", local, E2E.SUBMIT_TIMEOUT, t0);
        assertEquals(0, r.code(), r.err());
        local2 = Params.of(WeightsFile.readNetwork(E2E.dir().resolve("yarn-train-local2").resolve("weights.npz")));
        local2Accuracy = finalAccuracy(r.out());
    }

    @AfterAll
    static void stopTheCluster() {
        if (clientUpload != null) {
            clientUpload.descendants().forEach(ProcessHandle::destroyForcibly);
            clientUpload.destroyForcibly();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Synchronous rounds (the default engine), Adam, Xavier, seed 7, two partitions. */
    private static String[] train(String trainData, String out) {
        return new String[] {"train", "--data", trainData, "--iters", Integer.toString(ITERATIONS), "--partitions", "2", "--seed", "7",
            "--optimizer", "adam", "--init", "xavier", "--train-accuracy", "off", "--checkpoint-every", "0", "--overwrite", "--out", out};
    }

    private static String finalAccuracy(String out) {
        return out.lines().filter(l -> l.startsWith("final ")).findFirst().orElse("no final accuracy in: " + out);
    }

    /**
     * submit.sh on this cluster: two executors of one core and 1g, every container on loopback, the
     * driver 1g; {@code archive}: Spark's jars from the archive on HDFS, else uploaded. {@code name}
     * tags the application (the submissions of this class may overlap) and names the submit's logs.
     */
    private static List<String> submit(String name, String deployMode, boolean archive, List<String> sparkOptions, String... args) {
        List<String> options = new ArrayList<>(List.of("--conf", "spark.yarn.tags=" + name, "--deploy-mode", deployMode, "--num-executors", "2", "--executor-cores", "1",
                "--executor-memory", "1g", "--driver-memory", "1g",
                "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1", "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1"));
        if (archive) {
            options.addAll(List.of("--conf", "spark.yarn.archive=" + cluster.hdfsUri() + ARCHIVE));
        }
        options.addAll(sparkOptions);
        return E2E.submit("yarn", options, args);
    }

    private static E2E.Result run(String name, List<String> command) throws Exception {
        return E2E.run(name, E2E.SUBMIT_TIMEOUT.plusSeconds(30), command, cluster.env());
    }

    private static ApplicationReport succeeded(ApplicationReport app) {
        assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.getDiagnostics());
        return app;
    }

    /** Started with the class (its upload is the slowest submission here), ended here. */
    @Test
    void evaluateInClientModeWithSparksJarsUploaded() throws Exception {
        E2E.Result r = E2E.finish(CLIENT_UPLOAD, clientUpload, E2E.SUBMIT_TIMEOUT.plusSeconds(30), clientUploadStart);
        assertEquals(0, r.code(), r.err());
        assertEquals("Accuracy:0.9352", r.firstLine());
        assertTrue(r.out().contains(", master yarn\n"), r.out());
        succeeded(cluster.applicationEnded(CLIENT_UPLOAD));
        E2E.figure(String.format(Locale.ROOT, "YARN client mode, Spark's jars uploaded: evaluate --data hdfs://…: %.1f s from submit to exit",
                r.seconds()));
    }

    @Test
    void evaluateInClusterModeSucceedsAndReportsOnHdfs() throws Exception {
        String report = cluster.hdfsUri() + "/reports/nightly";
        E2E.Result r = run("yarn-evaluate-cluster", submit("yarn-evaluate-cluster", "cluster", true, List.of(), "evaluate", "--data", data, "--weights", "book",
                "--report", report, "--run-id", "yarn-1", "--min-accuracy", "0.93"));
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("scratchnet: "), r.err());
        JsonNode run;
        try (InputStream in = cluster.fileSystem().open(new org.apache.hadoop.fs.Path(report + "/runs/yarn-1.json"))) {
            run = new ObjectMapper().readTree(in);
        }
        assertEquals(9352, run.get("correct").asLong());
        assertEquals(0.9352, run.get("accuracy").asDouble());
        assertEquals("yarn", run.get("master").asText());
        ApplicationReport app = succeeded(cluster.application(ApplicationId.fromString(run.get("application_id").asText())));
        // the driver returned from main: no second attempt after a success reported as a failure
        assertEquals(1, app.getCurrentApplicationAttemptId().getAttemptId(), app.getDiagnostics());
        E2E.figure(String.format(Locale.ROOT, "YARN cluster mode, Spark's jars from the archive: evaluate --report hdfs://…: %.1f s from submit"
                + " to exit, final status %s, Accuracy %.4f read from the report", r.seconds(), app.getFinalApplicationStatus(), run.get("accuracy").asDouble()));
    }

    @Test
    void aMissingDataDirectoryInClusterModeFailsTheApplicationWithItsLine() throws Exception {
        String missing = cluster.hdfsUri() + "/datasets/none";
        E2E.Result r = run("yarn-bad-data-cluster", submit("yarn-bad-data-cluster", "cluster", true, List.of(), "evaluate", "--data", missing, "--weights", "book"));
        String line = "scratchnet: " + missing + ": no such directory (--data names the directory of the four IDX files)";
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of(line), r.err().lines().filter(l -> l.contains("scratchnet")).toList(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        ApplicationReport app = cluster.applicationEnded("yarn-bad-data-cluster");
        assertEquals(FinalApplicationStatus.FAILED, app.getFinalApplicationStatus());
        assertTrue(app.getDiagnostics().contains(line + " (exit 2)"), app.getDiagnostics());
        assertEquals(1, app.getCurrentApplicationAttemptId().getAttemptId(), "spark.yarn.maxAppAttempts 1: no second attempt");
        E2E.figure(String.format(Locale.ROOT, "YARN cluster mode, a missing --data: exit %d after %.1f s, final status %s, diagnostics: %s",
                r.code(), r.seconds(), app.getFinalApplicationStatus(), app.getDiagnostics().strip()));
    }

    /**
     * One training run for both of the cases (a submission costs most of a minute here):
     * synchronous rounds on two executors writing to HDFS give local[2]'s bits, and do so again with
     * an executor's container killed mid-round.
     */
    @Test
    void trainOnTwoExecutorsWithOneKilledMidRoundGivesTheWeightsOfLocal2() throws Exception {
        String out = cluster.hdfsUri() + "/models/sync-kill";
        String name = "yarn-train-kill";
        int uiPort = E2E.freePort();
        long t0 = System.nanoTime();
        Process submit = E2E.start(name, submit(name, "client", true, List.of("--conf", "spark.ui.port=" + uiPort), train(data, out)), executorsAtInfo());
        try {
            SparkRest rest = new SparkRest(uiPort);
            // the first round done (its progress line): the engine chosen, the next rounds' barrier tasks to come
            awaitProgress(submit, name);
            ExecutorKill kill = ExecutorKill.withTaskRunning(cluster, rest, submit, name, 2);
            ExecutorKill.Recovery recovery = kill.awaitRecovery();
            E2E.Result r = E2E.finish(name, submit, E2E.SUBMIT_TIMEOUT, t0);
            assertEquals(0, r.code(), r.err());
            assertFalse(r.err().contains("one Spark job per step"), r.err());
            assertTrue(r.err().contains("on 2 partitions, master yarn"), r.err());
            assertFalse(kill.process.isAlive());
            assertSameWeights(local2, weights(out, name));
            assertEquals(local2Accuracy, finalAccuracy(r.out()));
            succeeded(cluster.applicationEnded(name));
            E2E.figure(String.format(Locale.ROOT, "YARN: executor %s's container SIGKILLed with task %s in flight: the driver logged it lost after"
                    + " %.1f s, a replacement executor registered after %s, training finished %.1f s after the kill (%.1f s from submit),"
                    + " weights identical to local[2]'s", kill.id, kill.tasksInFlight, recovery.noticed(), E2E.seconds(recovery.replaced()),
                    kill.since(), r.seconds()));
            E2E.figure("YARN: " + r.err().lines().filter(l -> l.startsWith("rounds: ")).findFirst().orElse("no rounds line"));
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
        }
    }

    /** Waits for training's first progress line on the submit's stderr. */
    private static void awaitProgress(Process submit, String name) throws Exception {
        long deadline = System.nanoTime() + E2E.SUBMIT_TIMEOUT.toNanos();
        while (E2E.read(name + ".err").lines().noneMatch(l -> l.startsWith("step "))) {
            if (!submit.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no progress line before the run ended: " + E2E.read(name + ".err"));
            }
            Thread.sleep(50);
        }
    }

    /**
     * The environment of a submit whose executors log their tasks at INFO ({@link ExecutorKill} reads
     * them): conf/ as it is, but for log4j2.properties, which YARN's containers get from the submitter (the executor backend logs as YarnCoarseGrainedExecutorBackend).
     */
    private static Map<String, String> executorsAtInfo() throws Exception {
        Path conf = Files.createDirectories(E2E.dir().resolve("yarn/spark-conf-info"));
        try (var files = Files.list(E2E.root().resolve("conf"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, conf.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(conf.resolve("log4j2.properties"), "\nlogger.executor.level = info\n"
                + "logger.backend.name = org.apache.spark.executor\nlogger.backend.level = info\n",
                java.nio.file.StandardOpenOption.APPEND);
        Map<String, String> env = new HashMap<>(cluster.env());
        env.put("SPARK_CONF_DIR", conf.toString());
        return env;
    }

    private static float[][] weights(String out, String name) throws Exception {
        Path local = E2E.dir().resolve(name + "-weights.npz");
        Files.deleteIfExists(local);
        cluster.fileSystem().copyToLocalFile(new org.apache.hadoop.fs.Path(out + "/weights.npz"), new org.apache.hadoop.fs.Path(local.toUri()));
        return Params.of(WeightsFile.readNetwork(local));
    }

    private static void assertSameWeights(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], Params.key(i) + " differs from local[2]'s");
        }
    }
}
