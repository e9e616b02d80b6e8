package scratchnet.jobs.submit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.deploy.SparkSubmit;
import org.apache.spark.deploy.SparkSubmitArguments;

/**
 * spark-submit in cluster deploy mode, from the project's own jars ({@code submit.sh} runs this
 * for {@code --deploy-mode cluster}), ending as the driver ended: its one line on stderr and its exit
 * code, as in client mode. Spark's own submission clients do not: YARN's ends a failed application
 * with a stack trace and exit code 1, Kubernetes' returns 0 whatever the driver pod did.
 * On a standalone cluster the submission is Spark's, whose client exits 0 once the driver is
 * submitted; the driver's own exit code is then its state on the Master (FINISHED or FAILED).
 */
public final class ClusterSubmit {

    private ClusterSubmit() {
    }

    /** @param args spark-submit's arguments, the application jar and the command line after them */
    public static void main(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        DriverOutcome outcome;
        try {
            outcome = submit(args);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage().strip().lines().findFirst().orElse("");
            outcome = new DriverOutcome(1, "scratchnet: spark-submit failed: " + message);
            if (verbose) {
                e.printStackTrace();
            }
        }
        finish(outcome, System.err);
    }

    private static void finish(DriverOutcome outcome, PrintStream err) {
        if (outcome.line() != null) {
            err.println(outcome.line());
        }
        err.flush();
        System.exit(outcome.exitCode());
    }

    /** Submits, waits as spark-submit does, and reads the driver's outcome where its cluster manager keeps it. */
    static DriverOutcome submit(String[] args) throws Exception {
        SparkSubmitArguments parsed = new SparkSubmitArguments(scala.jdk.javaapi.CollectionConverters.asScala(Arrays.asList(args)).toSeq(),
                scala.sys.package$.MODULE$.env());
        SparkConf conf = parsed.toSparkConf(scala.Option.empty());
        String master = parsed.master();
        if (master.startsWith("k8s://")) {
            List<String> named = new ArrayList<>(Arrays.asList(args));
            String pod = conf.get(KubernetesOutcome.POD_NAME, null);
            if (pod == null) {
                pod = KubernetesOutcome.newPodName();
                named.addAll(0, List.of("--conf", KubernetesOutcome.POD_NAME + "=" + pod));
            }
            SparkSubmit.main(named.toArray(String[]::new));
            if (!conf.getBoolean("spark.kubernetes.submission.waitAppCompletion", true)) {
                return DriverOutcome.SUCCEEDED;
            }
            return KubernetesOutcome.of(pod, KubernetesOutcome.read(conf, master, pod));
        }
        if (master.equals("yarn")) {
            try {
                SparkSubmit.main(args);
                return DriverOutcome.SUCCEEDED;
            } catch (Exception e) { // SparkException, which Scala does not declare
                Optional<String> application = e instanceof SparkException ? YarnOutcome.applicationId(e.getMessage()) : Optional.empty();
                if (application.isEmpty()) {
                    throw e;
                }
                return YarnOutcome.of(application.get(), YarnOutcome.diagnostics(application.get()));
            }
        }
        SparkSubmit.main(args);
        return DriverOutcome.SUCCEEDED;
    }
}
