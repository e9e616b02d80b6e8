package scratchnet.jobs.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;

import scratchnet.core.net.Network;
import scratchnet.core.viz.Charts;
import scratchnet.core.viz.ConfusionHeatmap;
import scratchnet.core.viz.DigitImage;
import scratchnet.jobs.io.ExitCleanup;
import scratchnet.jobs.io.MnistSource;

/**
 * Writes one run into a report directory ({@link ReportDir}): first its pictures, then its JSON
 * (so a run listed in the history always has its pictures), then the page, drawn anew from every
 * run in the report. A run that fails or is interrupted before its JSON leaves no pictures.
 */
public final class EvaluationReport {
    private static final int HEATMAP_SIDE = 560;

    private EvaluationReport() {
    }

    /**
     * @param report  the report directory
     * @param run     the run, its {@code images} named by {@link ReportDir#images}
     * @param data    the test set the run read, for the gallery's digits
     * @param network the run's weights, for the gallery's predictions
     * @param warnings where the other run files that cannot be read are named ({@link ReportDir#readRuns})
     * @return the URI of the run's JSON
     */
    public static String write(ReportDir report, EvaluationRun run, MnistSource data, Network network, Configuration conf,
                               PrintStream warnings) {
        var heatmap = ConfusionHeatmap.chart(run.confusion(), "run " + run.runId() + ", accuracy " + RunText.accuracy(run.accuracy()));
        List<ExitCleanup.Registration> pictures = new ArrayList<>();
        boolean published = false;
        String json;
        try {
            pictures.add(report.provisional(run.images().confusion()));
            report.writeRunFile(run.images().confusion(), out -> Charts.writePng(heatmap, HEATMAP_SIDE, HEATMAP_SIDE, out));
            var gallery = MisclassifiedGallery.render(data, network, run.misclassified(), conf);
            pictures.add(report.provisional(run.images().gallery()));
            report.writeRunFile(run.images().gallery(), out -> DigitImage.writePng(gallery, out));
            // the JSON and the pictures' release are one step for an exit: a run is whole, or not there
            try (ExitCleanup.Section publishing = ExitCleanup.section()) {
                json = report.writeRun(run);
                pictures.forEach(ExitCleanup.Registration::release);
                published = true;
            }
        } finally {
            if (!published) {
                pictures.forEach(ExitCleanup.Registration::close);
            }
        }
        report.writeIndex(IndexPage.render(report.uri(), new RunHistory(report.readRuns(warnings))));
        return json;
    }
}
