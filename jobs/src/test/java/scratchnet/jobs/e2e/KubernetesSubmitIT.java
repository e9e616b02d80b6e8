package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code submit.sh --master k8s://… --deploy-mode cluster} from the project's own jars against a
 * Kubernetes API server (fabric8's mock, in this JVM on 127.0.0.1). This tests the submission,
 * not a running cluster: no pod runs here. The test reads what Spark asked the server for (the
 * driver pod: image, arguments, memory, service account; the properties ConfigMap; the driver's
 * service), then plays the kubelet's part, ending the pod as a driver would, and checks that
 * submit.sh ends as the driver did: 0 for a pod that Succeeded, the driver's exit code and line
 * (its termination message) for one that Failed.
 */
@Tag("e2e")
class KubernetesSubmitIT {
    private static final String NAMESPACE = "scratchnet-test";
    private static final String IMAGE = "registry.example/scratchnet:0.1.0";
    private static KubernetesApi api;

    @BeforeAll
    static void startTheApiServer() {
        api = KubernetesApi.start();
    }

    @AfterAll
    static void stopTheApiServer() {
        if (api != null) {
            api.close();
        }
    }

    private static Process submit(String name, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("timeout", "-k", "10", Long.toString(E2E.SUBMIT_TIMEOUT.toSeconds()),
                E2E.root().resolve("submit.sh").toString(), "--master", api.master(), "--deploy-mode", "cluster", "--name", "scratchnet-evaluate",
                "--driver-memory", "1g", "--conf", "spark.kubernetes.container.image=" + IMAGE,
                "--conf", "spark.kubernetes.namespace=" + NAMESPACE,
                "--conf", "spark.kubernetes.authenticate.driver.serviceAccountName=scratchnet-driver",
                "--conf", "spark.kubernetes.submission.waitAppCompletion=true", "--conf", "spark.kubernetes.report.interval=200ms"));
        command.addAll(List.of(args));
        return E2E.start(name, command, java.util.Map.of("SCRATCHNET_CDS", "off"));
    }

    /** Waits for the driver pod a submission asked for. */
    private static Pod awaitDriverPod(Process submit, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            List<Pod> pods = api.client().pods().inNamespace(NAMESPACE).withLabel("spark-role", "driver").list().getItems();
            if (!pods.isEmpty()) {
                return pods.get(0);
            }
            if (!submit.isAlive()) {
                throw new AssertionError("submit.sh ended (exit " + submit.exitValue() + ") before a driver pod was made: " + E2E.read(name + ".err"));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no driver pod within 2 minutes: " + E2E.read(name + ".err"));
    }

    /** Deletes what a submission made: the mock has no garbage collector to follow the driver pod's ownership. */
    private static void forget() {
        api.client().pods().inNamespace(NAMESPACE).delete();
        api.client().services().inNamespace(NAMESPACE).delete();
        api.client().configMaps().inNamespace(NAMESPACE).delete();
    }

    /** Waits for a ConfigMap, which Spark applies once the driver pod is made. */
    private static ConfigMap awaitConfigMap(Process submit, String name, String map) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            ConfigMap found = api.client().configMaps().inNamespace(NAMESPACE).withName(map).get();
            if (found != null) {
                return found;
            }
            if (!submit.isAlive()) {
                throw new AssertionError("submit.sh ended before ConfigMap " + map + " was made: " + E2E.read(name + ".err"));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no ConfigMap " + map + " within a minute: " + E2E.read(name + ".err"));
    }

    /** Ends the driver pod as the kubelet would report it: its phase, the driver container's exit code and message. */
    private static void end(Pod pod, String phase, int exitCode, String message) {
        Pod ended = new io.fabric8.kubernetes.api.model.PodBuilder(pod).withStatus(new PodStatusBuilder().withPhase(phase)
                .withContainerStatuses(new ContainerStatusBuilder().withName("spark-kubernetes-driver").withImage(IMAGE)
                        .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
                        .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState().build()).build()).build();
        api.client().pods().inNamespace(NAMESPACE).resource(ended).updateStatus();
    }

    @Test
    void theDriverPodIsWhatSparkAsksForAndASucceededPodIsExitZero() throws Exception {
        String name = "k8s-submit";
        long t0 = System.nanoTime();
        Process submit = submit(name, "evaluate", "--weights", "book", "--data", "/data/mnist");
        try {
            Pod pod = awaitDriverPod(submit, name);
            double created = (System.nanoTime() - t0) / 1e9;
            Container driver = pod.getSpec().getContainers().get(0);
            assertEquals(IMAGE, driver.getImage());
            assertEquals(List.of("driver", "--properties-file", "/opt/spark/conf/spark.properties", "--class", "scratchnet.jobs.cli.Main",
                    "local:///opt/scratchnet/scratchnet-jobs-0.1.0.jar", "evaluate", "--weights", "book", "--data", "/data/mnist"), driver.getArgs());
            // 1g of heap and Spark's overhead (10%, at least 384 MiB)
            assertEquals(new Quantity("1408Mi"), driver.getResources().getRequests().get("memory"));
            assertEquals(new Quantity("1408Mi"), driver.getResources().getLimits().get("memory"));
            assertEquals("scratchnet-driver", pod.getSpec().getServiceAccountName());
            assertTrue(pod.getMetadata().getName().matches("scratchnet-[0-9a-f]{12}-driver"), pod.getMetadata().getName());

            Volume conf = pod.getSpec().getVolumes().stream().filter(v -> v.getConfigMap() != null
                    && driver.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(v.getName()) && m.getMountPath().equals("/opt/spark/conf")))
                    .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap mounted at /opt/spark/conf: " + pod.getSpec().getVolumes()));
            ConfigMap map = awaitConfigMap(submit, name, conf.getConfigMap().getName());
            Properties properties = new Properties();
            properties.load(new StringReader(map.getData().get("spark.properties")));
            assertEquals(api.master(), properties.getProperty("spark.master"));
            assertEquals("cluster", properties.getProperty("spark.submit.deployMode"));
            assertEquals("1g", properties.getProperty("spark.driver.memory"));
            assertEquals("true", properties.getProperty("spark.kubernetes.submitInDriver"));
            assertEquals(IMAGE, properties.getProperty("spark.kubernetes.container.image"));
            assertEquals(pod.getMetadata().getName(), properties.getProperty("spark.kubernetes.driver.pod.name"));
            assertEquals("local:///opt/scratchnet/scratchnet-jobs-0.1.0.jar", properties.getProperty("spark.jars"));
            // the project's settings travel with it: conf/spark-defaults.conf's Kryo and executor options
            assertEquals("scratchnet.jobs.spark.KryoRegistrator", properties.getProperty("spark.kryo.registrator"));
            assertTrue(properties.getProperty("spark.executor.extraJavaOptions").contains("--add-modules=jdk.incubator.vector"));
            assertTrue(map.getData().containsKey("log4j2.properties"), map.getData().keySet().toString());
            // the service the executors reach the driver by, made by server-side apply
            String app = pod.getMetadata().getLabels().get("spark-app-selector");
            assertEquals(1, api.client().services().inNamespace(NAMESPACE).withLabel("spark-app-selector", app).list().getItems().size());

            end(pod, "Succeeded", 0, null);
            E2E.Result r = E2E.finish(name, submit, E2E.SUBMIT_TIMEOUT, t0);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().lines().noneMatch(l -> l.startsWith("scratchnet: ")), r.err());
            E2E.figure(String.format(Locale.ROOT, "Kubernetes (mock API server): submit.sh made the driver pod %.1f s after it started; exit 0 %.1f s"
                    + " after it, the pod Succeeded", created, r.seconds()));
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
            forget();
        }
    }

    @Test
    void aFailedDriverPodGivesTheDriversExitCodeAndLine() throws Exception {
        String name = "k8s-submit-failed";
        long t0 = System.nanoTime();
        Process submit = submit(name, "evaluate", "--weights", "book", "--data", "/data/none");
        try {
            Pod pod = awaitDriverPod(submit, name);
            awaitConfigMap(submit, name, pod.getSpec().getVolumes().stream().filter(v -> v.getConfigMap() != null)
                    .map(v -> v.getConfigMap().getName()).filter(n -> n.endsWith("-conf-map")).findFirst().orElseThrow());
            String line = "scratchnet: file:/data/none: no such directory (--data names the directory of the four IDX files)";
            end(pod, "Failed", 2, line + "\n");
            E2E.Result r = E2E.finish(name, submit, E2E.SUBMIT_TIMEOUT, t0);
            assertEquals(2, r.code(), r.err());
            assertEquals(List.of(line), r.err().lines().filter(l -> l.contains("scratchnet")).toList(), r.err());
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
            forget();
        }
    }
}
