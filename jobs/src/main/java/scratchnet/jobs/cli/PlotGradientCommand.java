package scratchnet.jobs.cli;

import java.io.PrintStream;

import org.apache.hadoop.conf.Configuration;

import scratchnet.core.viz.Charts;
import scratchnet.core.viz.GradientFieldPlot;
import scratchnet.jobs.io.HadoopOutput;

/**
 * {@code plot-gradient}: the book's figure 4-9, the field of {@code -∇ function_2} as a quiver
 * plot ({@link GradientFieldPlot}), written as a PNG to any Hadoop file system.
 */
public final class PlotGradientCommand implements Command {

    @Override
    public String name() {
        return "plot-gradient";
    }

    @Override
    public String synopsis() {
        return "--out FILE.png [--width N] [--height N]";
    }

    @Override
    public void run(Options options, PrintStream out, PrintStream err) throws Exception {
        String target = options.required("out");
        int width = options.integer("width", 640, 100);
        int height = options.integer("height", 600, 100);
        options.checkAllUsed();
        writePlot(target, width, height, new Configuration());
    }

    /** Draws the field and writes it atomically to {@code target}. */
    static void writePlot(String target, int width, int height, Configuration conf) {
        var chart = GradientFieldPlot.chart(GradientFieldPlot.function2Field());
        HadoopOutput.writeAtomically(target, true, conf, o -> Charts.writePng(chart, width, height, o));
    }
}
