package scratchnet.jobs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint answers Spark's container arguments as Spark's {@code entrypoint.sh} does:
 * the JVM command lines it makes for a driver pod, an executor pod and a plain command. (The image
 * itself is run by hand with podman: jobs/README.md, Kubernetes.)
 */
class EntrypointTest {
    private static final Entrypoint.Layout LAYOUT = new Entrypoint.Layout(Path.of("/opt/java"), Path.of("/opt/spark"),
            Path.of("/opt/spark/conf"), Path.of("/opt/scratchnet/scratchnet-jobs-0.1.0.jar"));

    /** @return what follows {@code flag} in {@code cmd} */
    private static String after(List<String> cmd, String flag) {
        return cmd.get(cmd.indexOf(flag) + 1);
    }

    @Test
    void aDriverPodRunsSparkSubmitInClientModeWithTheMountedPropertiesHeapAndOptions(@TempDir Path dir) throws Exception {
        Path properties = dir.resolve("spark.properties");
        Files.writeString(properties, "spark.driver.memory=3g\nspark.driver.extraJavaOptions=-Dx=1  -Dy=2\n");
        List<String> args = List.of("driver", "--properties-file", properties.toString(), "--class", "scratchnet.jobs.cli.Main",
                "local:///opt/scratchnet/scratchnet-jobs-0.1.0.jar", "evaluate", "--weights", "book");
        List<String> cmd = Entrypoint.command(args, Map.of("SPARK_DRIVER_BIND_ADDRESS", "10.1.2.3", "HADOOP_CONF_DIR", "/etc/hadoop"), LAYOUT);

        assertEquals("/opt/java/bin/java", cmd.get(0));
        assertTrue(cmd.contains("-Xmx3g") && cmd.contains("-Dx=1") && cmd.contains("-Dy=2"), cmd.toString());
        assertTrue(cmd.contains("--add-modules=jdk.incubator.vector"), cmd.toString());
        assertEquals("/etc/hadoop:/opt/spark/conf:/opt/spark/jars/*", after(cmd, "-cp"));
        int submit = cmd.indexOf("org.apache.spark.deploy.SparkSubmit");
        assertEquals(List.of("--conf", "spark.driver.bindAddress=10.1.2.3", "--deploy-mode", "client"), cmd.subList(submit + 1, submit + 5));
        assertEquals(args.subList(1, args.size()), cmd.subList(submit + 5, cmd.size()));
    }

    @Test
    void anExecutorPodRunsSparksKubernetesBackendFromThePodsVariables() throws Exception {
        Map<String, String> env = Map.of("SPARK_JAVA_OPT_10", "-Dlast=1", "SPARK_JAVA_OPT_2", "-Dsecond=1", "SPARK_JAVA_OPT_0", "-Dfirst=1",
                "SPARK_EXECUTOR_MEMORY", "2g", "SPARK_DRIVER_URL", "spark://CoarseGrainedScheduler@driver-svc:7078",
                "SPARK_EXECUTOR_ID", "3", "SPARK_EXECUTOR_CORES", "2", "SPARK_APPLICATION_ID", "spark-abc",
                "SPARK_EXECUTOR_POD_IP", "10.0.0.7", "SPARK_EXECUTOR_POD_NAME", "scratchnet-exec-3");
        List<String> cmd = Entrypoint.command(List.of("executor"), env, LAYOUT);

        int first = cmd.indexOf("-Dfirst=1");
        assertEquals(List.of("-Dfirst=1", "-Dsecond=1", "-Dlast=1"), cmd.subList(first, first + 3), "SPARK_JAVA_OPT_n in numeric order");
        assertTrue(cmd.contains("-Xms2g") && cmd.contains("-Xmx2g"), cmd.toString());
        int backend = cmd.indexOf("org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend");
        assertEquals(List.of("--driver-url", "spark://CoarseGrainedScheduler@driver-svc:7078", "--executor-id", "3", "--cores", "2",
                "--app-id", "spark-abc", "--hostname", "10.0.0.7", "--resourceProfileId", "0", "--podName", "scratchnet-exec-3"),
                cmd.subList(backend + 1, cmd.size()));
    }

    @Test
    void anyOtherArgumentsAreAScratchnetCommandInLocalMode() throws Exception {
        List<String> cmd = Entrypoint.command(List.of("evaluate", "--weights", "book", "--data", "/data"), Map.of(), LAYOUT);
        int submit = cmd.indexOf("org.apache.spark.deploy.SparkSubmit");
        assertEquals("local[*]", after(cmd, "--master"));
        assertEquals("scratchnet.jobs.cli.Main", after(cmd, "--class"));
        assertEquals(List.of("/opt/scratchnet/scratchnet-jobs-0.1.0.jar", "evaluate", "--weights", "book", "--data", "/data"),
                cmd.subList(cmd.indexOf("--class") + 2, cmd.size()));
        assertTrue(submit > 0 && cmd.contains("-Xmx2g"), cmd.toString());
    }
}
