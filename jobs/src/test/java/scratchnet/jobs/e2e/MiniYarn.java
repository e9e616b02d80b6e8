package scratchnet.jobs.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * YARN and HDFS in the test JVM, as a Hadoop cluster's users see them: a MiniDFSCluster (one
 * DataNode) and a MiniYARNCluster (a ResourceManager and one NodeManager) from
 * {@code hadoop-client-minicluster} at Spark's Hadoop version, every daemon on 127.0.0.1, their
 * configuration written to a directory for {@code HADOOP_CONF_DIR}. The NodeManager launches real
 * containers (bash and JVMs), as children of this JVM; memory is not enforced, so a 1g executor takes
 * only what it uses.
 */
final class MiniYarn implements AutoCloseable, ExecutorJvms {
    private final MiniDFSCluster hdfs;
    private final MiniYARNCluster yarn;
    private final Path confDir;
    private final String hdfsUri;
    private final YarnClient client;

    private MiniYarn(MiniDFSCluster hdfs, MiniYARNCluster yarn, Path confDir, String hdfsUri) {
        this.hdfs = hdfs;
        this.yarn = yarn;
        this.confDir = confDir;
        this.hdfsUri = hdfsUri;
        this.client = YarnClient.createYarnClient();
        client.init(yarn.getConfig());
        client.start();
    }

    /** Starts HDFS, then YARN over it, and writes their configuration into {@code target/e2e/yarn/conf}. */
    static MiniYarn start() throws Exception {
        long t0 = System.nanoTime();
        Path base = E2E.dir().resolve("yarn");
        deleteTree(base);
        Configuration conf = new YarnConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf, base.resolve("hdfs").toFile()).numDataNodes(1).format(true).build();
        hdfs.waitActive();
        String hdfsUri = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
        conf.set("fs.defaultFS", hdfsUri);
        double hdfsSeconds = (System.nanoTime() - t0) / 1e9;

        // Every address on loopback; the ports the OS picks
        for (String key : List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
                YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS,
                YarnConfiguration.NM_ADDRESS, YarnConfiguration.NM_LOCALIZER_ADDRESS, YarnConfiguration.NM_WEBAPP_ADDRESS,
                YarnConfiguration.NM_COLLECTOR_SERVICE_ADDRESS)) {
            conf.set(key, "127.0.0.1:0");
        }
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        // Room for an ApplicationMaster (the driver, in cluster mode) and two 1g executors, counted,
        // not enforced; small rounding (the default minimum container is 1 GiB)
        conf.setInt(YarnConfiguration.NM_PMEM_MB, 8192);
        conf.setInt(YarnConfiguration.NM_VCORES, 8);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 8192);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A build machine's disk may be nearly full: the NodeManager would call itself unhealthy at 90%
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
        // The containers' logs stay where the tests can read them
        conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);
        conf.setBoolean(YarnConfiguration.TIMELINE_SERVICE_ENABLED, false);
        // Containers are allocated at the NodeManager's heartbeat: 1 s by default
        conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
        // One queue: the capacity scheduler would need its own file of queues
        conf.set(YarnConfiguration.RM_SCHEDULER, "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
        MiniYARNCluster yarn = new MiniYARNCluster("scratchnet", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        Configuration running = yarn.getConfig();
        running.set("fs.defaultFS", hdfsUri);

        // What a cluster's client configuration says: where HDFS and the ResourceManager are
        Path confDir = Files.createDirectories(base.resolve("conf"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfsUri);
        write(core, confDir.resolve("core-site.xml"));
        Configuration hdfsSite = new Configuration(false);
        hdfsSite.setInt("dfs.replication", 1);
        write(hdfsSite, confDir.resolve("hdfs-site.xml"));
        Configuration yarnSite = new Configuration(false);
        for (String key : List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
                YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
            yarnSite.set(key, running.get(key).replace("localhost", "127.0.0.1"));
        }
        write(yarnSite, confDir.resolve("yarn-site.xml"));
        E2E.figure(String.format(Locale.ROOT, "MiniDFSCluster (1 datanode) up in %.1f s, then MiniYARNCluster (RM + 1 NM) in %.1f s",
                hdfsSeconds, (System.nanoTime() - t0) / 1e9 - hdfsSeconds));
        return new MiniYarn(hdfs, yarn, confDir, hdfsUri);
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** @return the directory to give as {@code HADOOP_CONF_DIR} */
    Path confDir() {
        return confDir;
    }

    /** @return the environment of a {@code submit.sh} that runs on this cluster */
    Map<String, String> env() {
        return Map.of("HADOOP_CONF_DIR", confDir.toString(), "SCRATCHNET_CDS", "off");
    }

    /** @return {@code hdfs://127.0.0.1:PORT} */
    String hdfsUri() {
        return hdfsUri;
    }

    /** @return a client of this HDFS */
    FileSystem fileSystem() throws IOException {
        return FileSystem.get(java.net.URI.create(hdfsUri), yarn.getConfig());
    }

    /**
     * @param tag the application's tag ({@code spark.yarn.tags}, lower case), one per submission of a
     *            test class (the driver names the application itself in client mode)
     * @return the report of the application of that tag YARN accepted last, once it has ended: in
     *         client mode the driver's exit comes before its ApplicationMaster unregisters
     */
    ApplicationReport applicationEnded(String tag) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            java.util.Optional<ApplicationReport> app = client.getApplications().stream().filter(a -> a.getApplicationTags().contains(tag))
                    .max(java.util.Comparator.comparing(ApplicationReport::getApplicationId));
            if (app.isPresent() && EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED)
                    .contains(app.get().getYarnApplicationState()) || System.nanoTime() > deadline) {
                return app.orElseThrow(() -> new IllegalStateException("YARN has no application tagged " + tag));
            }
            Thread.sleep(100);
        }
    }

    /** @return an application's report */
    ApplicationReport application(ApplicationId id) throws Exception {
        return client.getApplicationReport(id);
    }

    /** @return how many applications YARN has seen, in any state */
    int applications() throws Exception {
        return client.getApplications(EnumSet.allOf(YarnApplicationState.class)).size();
    }

    /** @return the NodeManager's directory of container logs */
    Path containerLogs() {
        return Path.of(yarn.getConfig().get(YarnConfiguration.NM_LOG_DIRS).split(",")[0]);
    }

    /** @return the executor JVM of Spark's executor {@code id}: a container the NodeManager in this JVM started */
    @Override
    public java.util.Optional<ProcessHandle> executor(String id) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java")) // not the launch script's bash
                .filter(p -> {
                    String line = ExecutorJvms.commandLine(p);
                    return line.contains("org.apache.spark.executor.YarnCoarseGrainedExecutorBackend") && line.contains(" --executor-id " + id + " ");
                }).findFirst();
    }

    /** @return the container's stderr, which YARN's launch script gave the JVM as its file descriptor 2 */
    @Override
    public Path executorLog(ProcessHandle executor) throws IOException {
        return Path.of("/proc", Long.toString(executor.pid()), "fd", "2").toRealPath();
    }

    @Override
    public void close() {
        client.stop();
        yarn.stop();
        hdfs.shutdown(true);
    }
}
