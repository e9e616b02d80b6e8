package scratchnet.jobs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a command's exit code leaves the driver, told by Spark's own properties of where the driver
 * runs. Where the driver is the submitting process (local masters, client deploy mode) the JVM exits
 * with the code itself, as ever. Where a cluster manager started the driver (YARN's cluster mode,
 * the standalone cluster's, a Kubernetes driver pod) a successful run returns from {@code main}, so
 * that the manager records it as a success: Spark's ApplicationMaster takes a {@code System.exit}
 * there for a driver that died early, fails the attempt and retries it. A failure in YARN's cluster
 * mode is thrown from {@code main} (the ApplicationMaster then ends the application FAILED with the
 * exception's message as its diagnostics); elsewhere the JVM exits with the code, which the
 * standalone Worker records as a FAILED driver and Kubernetes as the driver container's exit code.
 */
final class DriverExit {
    /** Where Kubernetes reads a container's termination message from, unless the pod says otherwise. */
    static final Path TERMINATION_LOG = Path.of("/dev/termination-log");
    private final boolean yarnCluster;
    private final boolean managed;
    private final boolean kubernetesDriverPod;

    private DriverExit(boolean yarnCluster, boolean managed, boolean kubernetesDriverPod) {
        this.yarnCluster = yarnCluster;
        this.managed = managed;
        this.kubernetesDriverPod = kubernetesDriverPod;
    }

    /**
     * @param properties the driver's Spark properties ({@code spark.master}, {@code spark.submit.deployMode},
     *                   {@code spark.yarn.app.id}, {@code spark.kubernetes.submitInDriver}), as the driver's
     *                   JVM has them: spark-submit and the cluster managers set them as system properties
     */
    static DriverExit of(Map<String, String> properties) {
        String master = properties.getOrDefault("spark.master", "local[*]");
        boolean cluster = "cluster".equals(properties.get("spark.submit.deployMode"));
        boolean yarnCluster = cluster && master.equals("yarn") && properties.containsKey("spark.yarn.app.id");
        boolean standaloneCluster = cluster && master.startsWith("spark://");
        // Spark's driver pod runs spark-submit in client mode inside the pod, marked so
        boolean kubernetesDriverPod = master.startsWith("k8s://") && "true".equals(properties.get("spark.kubernetes.submitInDriver"));
        return new DriverExit(yarnCluster, yarnCluster || standaloneCluster || kubernetesDriverPod, kubernetesDriverPod);
    }

    /** @return the exit for the JVM this runs in */
    static DriverExit current() {
        Map<String, String> spark = new java.util.HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("spark.")) {
                spark.put(k.toString(), v.toString());
            }
        });
        return of(spark);
    }

    /** What ends the driver. */
    enum Ending {
        /** return from {@code main}: the cluster manager records a success */
        RETURN,
        /** {@code System.exit} with the command's code */
        EXIT,
        /** throw a {@link ClusterRunFailedException} from {@code main} */
        THROW
    }

    /**
     * @param code the command's exit code
     * @return how the driver ends with it
     */
    Ending ending(int code) {
        if (code == Cli.OK) {
            return managed ? Ending.RETURN : Ending.EXIT;
        }
        return yarnCluster ? Ending.THROW : Ending.EXIT;
    }

    /**
     * Ends the driver with a command's exit code.
     *
     * @param code    the command's exit code
     * @param message the one line the command printed for a failure ({@code scratchnet: …}), or null
     * @throws ClusterRunFailedException for a failure in YARN's cluster mode
     */
    void end(int code, String message) {
        if (code != Cli.OK && kubernetesDriverPod && message != null) {
            terminationMessage(TERMINATION_LOG, message);
        }
        switch (ending(code)) {
            case RETURN -> {
            }
            case THROW -> throw new ClusterRunFailedException(code, message);
            default -> System.exit(code);
        }
    }

    /**
     * Leaves the failure's line where Kubernetes makes it the driver container's termination message
     * (the pod's status, {@code kubectl describe pod}), which the submitting side prints; a pod
     * without that file (another terminationMessagePath) keeps the line in its log only.
     */
    static void terminationMessage(Path file, String line) {
        if (Files.isWritable(file)) {
            try {
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                // the line is in the driver's log all the same
            }
        }
    }
}
