package scratchnet.jobs.submit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.KubernetesUtils;
import org.apache.spark.deploy.k8s.SparkKubernetesClientFactory;

/**
 * A Kubernetes application's outcome: Spark's submission client waits until the driver pod has
 * ended, whether it succeeded or failed, and returns either way; the pod then says how: its phase,
 * the driver container's exit code and its termination message, which the driver writes its one
 * line to ({@code /dev/termination-log}).
 */
final class KubernetesOutcome {
    /** Spark's property naming the driver pod. */
    static final String POD_NAME = "spark.kubernetes.driver.pod.name";
    /** Spark's name for the driver's container in its pod. */
    private static final String DRIVER_CONTAINER = "spark-kubernetes-driver";

    private KubernetesOutcome() {
    }

    /** @return a new driver pod name (a DNS label), for a submission that names none: known before it is made */
    static String newPodName() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        return "scratchnet-" + HexFormat.of().formatHex(random) + "-driver";
    }

    /**
     * @param pod the driver pod as the API server has it after the submission ended, or null when gone
     * @return the exit code and line of the driver, from the pod
     */
    static DriverOutcome of(String name, Pod pod) {
        if (pod == null) {
            return new DriverOutcome(1, "scratchnet: the driver pod " + name + " is gone: its outcome is unknown");
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase)) {
            return DriverOutcome.SUCCEEDED;
        }
        ContainerStateTerminated ended = terminated(pod);
        int code = ended == null || ended.getExitCode() == null || ended.getExitCode() == 0 ? 1 : ended.getExitCode();
        String message = ended == null ? null : ended.getMessage();
        if (message != null && message.startsWith("scratchnet: ")) {
            return new DriverOutcome(code, message.strip().lines().findFirst().orElse(message));
        }
        String reason = ended == null || ended.getReason() == null ? "" : " (" + ended.getReason() + ")";
        return new DriverOutcome(code, "scratchnet: the driver pod " + name + " ended " + phase + (ended == null ? "" : " with exit code "
                + ended.getExitCode()) + reason + "; its log: kubectl logs " + name);
    }

    private static ContainerStateTerminated terminated(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        ContainerStateTerminated any = null;
        for (ContainerStatus s : statuses == null ? List.<ContainerStatus>of() : statuses) {
            ContainerStateTerminated t = s.getState() == null ? null : s.getState().getTerminated();
            if (t != null && DRIVER_CONTAINER.equals(s.getName())) {
                return t;
            }
            any = any == null ? t : any;
        }
        return any;
    }

    /** @return the driver pod, read with the client and credentials Spark's submission used */
    static Pod read(SparkConf conf, String master, String name) {
        String namespace = conf.get("spark.kubernetes.namespace", "default");
        try (KubernetesClient client = SparkKubernetesClientFactory.createKubernetesClient(KubernetesUtils.parseMasterUrl(master),
                scala.Option.apply(namespace), "spark.kubernetes.authenticate.submission",
                SparkKubernetesClientFactory.ClientType$.MODULE$.Submission(), conf, scala.Option.empty())) {
            return client.pods().inNamespace(namespace).withName(name).get();
        }
    }
}
