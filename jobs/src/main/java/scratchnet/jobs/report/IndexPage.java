package scratchnet.jobs.report;

import java.util.List;
import java.util.Locale;

/**
 * The report's {@code index.html}: a static page, links relative to it, that shows the latest run
 * (accuracy, gate, provenance, per-digit accuracy, its heatmap and gallery) and the history of all
 * runs, newest first. Once the page has loaded, a small script sets {@code data-images-loaded} on
 * {@code <body>} to {@code true} when every image has loaded, else {@code false}.
 */
public final class IndexPage {

    private IndexPage() {
    }

    /**
     * @param reportUri the report directory, shown on the page
     * @param history   its runs; at least one
     * @return the page
     */
    public static String render(String reportUri, RunHistory history) {
        EvaluationRun run = history.newest().run();
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>scratchnet evaluation: ").append(esc(RunText.accuracy(run.accuracy()))).append("</title>\n")
                .append(STYLE)
                .append("</head>\n<body data-images-loaded=\"pending\">\n")
                .append("<h1>scratchnet evaluation runs</h1>\n")
                .append("<p class=\"where\">Report <code>").append(esc(reportUri)).append("</code>, ")
                .append(history.entries().size()).append(history.entries().size() == 1 ? " run" : " runs").append(".</p>\n");
        latest(h, history.newest());
        table(h, history.entries());
        h.append(SCRIPT).append("</body>\n</html>\n");
        return h.toString();
    }

    private static void latest(StringBuilder h, RunHistory.Entry entry) {
        EvaluationRun run = entry.run();
        String runs = ReportDir.RUNS + "/";
        h.append("<section id=\"latest\">\n<h2>Latest run <code>").append(esc(run.runId())).append("</code></h2>\n")
                .append("<p class=\"accuracy\" id=\"latest-accuracy\">Accuracy ").append(esc(RunText.accuracy(run.accuracy())))
                .append(" <span class=\"detail\">(").append(run.correct()).append(" of ").append(run.examples()).append(")</span>");
        if (entry.change() != null) {
            h.append(" <span class=\"").append(entry.change() < 0 ? "down" : "up").append("\">")
                    .append(esc(RunText.change(entry.change()))).append("</span>");
        }
        if (run.minAccuracy() != null) {
            h.append(" <span class=\"").append(run.passed() ? "up" : "down").append("\">gate ").append(esc(RunText.gate(run))).append("</span>");
        }
        h.append("</p>\n<table class=\"facts\">\n");
        fact(h, "started (UTC)", RunText.started(run) + ", " + String.format(Locale.ROOT, "%.1f s", run.durationSeconds()));
        fact(h, "Spark", run.sparkVersion() + ", master " + run.master() + ", application " + run.applicationId());
        fact(h, "weights", digest(run.weights()));
        if (run.data() != null) {
            fact(h, "data", run.data().path());
            fact(h, "images", digest(run.data().images()));
            fact(h, "labels", digest(run.data().labels()));
        }
        fact(h, "batches", run.batchSize() + " images per batch, " + run.partitions() + " partitions");
        if (run.misclassifiedOut() != null) {
            fact(h, "misclassified", run.misclassifiedCount() + " images, every index in " + run.misclassifiedOut());
        }
        fact(h, "losses", String.format(Locale.ROOT, "mean cross-entropy %.6f, mean squared error %.6f", run.meanCrossEntropy(), run.meanSquaredError()));
        h.append("<tr><th>run file</th><td><a href=\"").append(esc(runs + run.runId() + ".json")).append("\">").append(esc(run.runId())).append(".json</a></td></tr>\n")
                .append("</table>\n");

        h.append("<h3>Accuracy per digit</h3>\n<table class=\"digits\">\n<tr><th>digit</th>");
        for (int d = 0; d < 10; d++) {
            h.append("<th>").append(d).append("</th>");
        }
        h.append("</tr>\n<tr><th>accuracy</th>");
        for (Double a : run.perClassAccuracy()) {
            h.append("<td>").append(a == null ? "" : String.format(Locale.ROOT, "%.4f", a)).append("</td>");
        }
        h.append("</tr>\n</table>\n");

        if (run.images() != null) {
            long shown = Math.min(MisclassifiedGallery.LIMIT, run.misclassifiedCount());
            h.append("<figure>\n<img id=\"confusion\" src=\"").append(esc(runs + run.images().confusion()))
                    .append("\" alt=\"confusion matrix of run ").append(esc(run.runId())).append("\">\n")
                    .append("<figcaption>Confusion matrix: true digit down, predicted across; the colour is the share of the true digit.</figcaption>\n</figure>\n")
                    .append("<figure>\n<img id=\"gallery\" src=\"").append(esc(runs + run.images().gallery()))
                    .append("\" alt=\"misclassified digits of run ").append(esc(run.runId())).append("\">\n")
                    .append("<figcaption>The first ").append(shown).append(" of ").append(run.misclassifiedCount())
                    .append(" misclassified test images: index, true and predicted label.</figcaption>\n</figure>\n");
        }
        h.append("</section>\n");
    }

    private static void table(StringBuilder h, List<RunHistory.Entry> entries) {
        h.append("<section id=\"history\">\n<h2>History</h2>\n<table class=\"runs\">\n")
                .append("<tr><th>run</th><th>started (UTC)</th><th>duration</th><th>master</th><th>weights</th>")
                .append("<th>examples</th><th>accuracy</th><th>change</th><th>gate</th></tr>\n");
        for (int i = entries.size() - 1; i >= 0; i--) {
            RunHistory.Entry e = entries.get(i);
            EvaluationRun run = e.run();
            h.append("<tr><td><a href=\"").append(esc(ReportDir.RUNS + "/" + run.runId() + ".json")).append("\">")
                    .append(esc(run.runId())).append("</a></td>")
                    .append(cell(RunText.started(run)))
                    .append(cell(String.format(Locale.ROOT, "%.1f s", run.durationSeconds())))
                    .append(cell(run.master()))
                    .append(cell(RunText.weights(run)))
                    .append(cell(Long.toString(run.examples())))
                    .append("<td class=\"accuracy-cell\">").append(esc(RunText.accuracy(run.accuracy()))).append("</td>")
                    .append("<td class=\"").append(e.change() != null && e.change() < 0 ? "down" : "up").append("\">")
                    .append(esc(RunText.change(e.change()))).append("</td>")
                    .append("<td class=\"").append(run.passed() ? "up" : "down").append("\">").append(esc(RunText.gate(run))).append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n");
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static String digest(EvaluationRun.FileDigest f) {
        return f == null ? "" : f.path() + "  SHA-256 " + f.sha256();
    }

    private static String cell(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    /** @return text safe inside an element or a quoted attribute; {@code null} gives an empty string */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            <style>
            body { font-family: "DejaVu Sans", sans-serif; margin: 1.5em 2em; color: #222; }
            h1 { font-size: 1.5em; margin-bottom: 0.2em; }
            .where { color: #666; margin-top: 0; }
            .accuracy { font-size: 2.2em; font-weight: bold; margin: 0.3em 0; }
            .accuracy .detail { font-size: 0.45em; font-weight: normal; color: #666; }
            .accuracy .up, .accuracy .down { font-size: 0.45em; }
            .up { color: #1a7f37; }
            .down { color: #cf222e; font-weight: bold; }
            table { border-collapse: collapse; margin: 0.5em 0 1em; }
            th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; font-size: 0.9em; }
            th { background: #f3f5f7; }
            .facts td { font-family: "DejaVu Sans Mono", monospace; font-size: 0.8em; }
            .digits td { text-align: right; }
            figure { margin: 1em 0; }
            figcaption { color: #555; font-size: 0.9em; }
            img { border: 1px solid #ddd; }
            </style>
            """;

    private static final String SCRIPT = """
            <script>
            window.addEventListener("load", function () {
              var images = Array.prototype.slice.call(document.images);
              var loaded = images.every(function (i) { return i.complete && i.naturalWidth > 0; });
              document.body.setAttribute("data-images", String(images.length));
              document.body.setAttribute("data-images-loaded", loaded ? "true" : "false");
            });
            </script>
            """;
}
