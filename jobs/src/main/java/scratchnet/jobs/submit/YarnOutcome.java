package scratchnet.jobs.submit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

import scratchnet.jobs.cli.ClusterRunFailedException;

/**
 * A YARN application's outcome: Spark's YARN client ends a submission whose application failed with
 * {@code Application application_… finished with failed status}; the application's diagnostics then
 * hold the driver's line ({@code User class threw exception: …ClusterRunFailedException: scratchnet: …
 * (exit 2)}), or YARN's own reason (a container that could not start, an attempt that died).
 */
final class YarnOutcome {
    private static final Pattern APPLICATION = Pattern.compile("application_\\d+_\\d+");
    private static final Pattern DRIVER_LINE = Pattern.compile(Pattern.quote(ClusterRunFailedException.class.getName())
            + ": (scratchnet: .*) \\(exit (\\d+)\\)$", Pattern.MULTILINE);

    private YarnOutcome() {
    }

    /** @return the application a message of Spark's YARN client names */
    static Optional<String> applicationId(String message) {
        Matcher m = APPLICATION.matcher(message == null ? "" : message);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /**
     * @param diagnostics a failed application's diagnostics
     * @return the driver's line and exit code when the driver gave them, else YARN's reason and 1
     */
    static DriverOutcome of(String applicationId, String diagnostics) {
        Matcher m = DRIVER_LINE.matcher(diagnostics == null ? "" : diagnostics);
        if (m.find()) {
            return new DriverOutcome(Integer.parseInt(m.group(2)), m.group(1));
        }
        String reason = diagnostics == null || diagnostics.isBlank() ? "no diagnostics" : diagnostics.strip().lines().findFirst().orElse("");
        return new DriverOutcome(1, "scratchnet: YARN application " + applicationId + " failed: " + reason);
    }

    /** @return the diagnostics YARN keeps for an application (the client's configuration from HADOOP_CONF_DIR) */
    static String diagnostics(String applicationId) throws Exception {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(new YarnConfiguration());
            client.start();
            ApplicationReport report = client.getApplicationReport(ApplicationId.fromString(applicationId));
            return report.getDiagnostics();
        }
    }
}
