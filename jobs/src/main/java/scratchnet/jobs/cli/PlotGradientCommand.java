package scratchnet.jobs.cli;

import java.io.PrintStream;

import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import scratchnet.core.viz.Charts;
import scratchnet.core.viz.GradientFieldPlot;
import scratchnet.jobs.io.HadoopOutput;

/**
 * {@code plot-gradient}: the book's figure 4-9, the field of {@code -∇ function_2} as a quiver
 * plot ({@link GradientFieldPlot}), written as a PNG to any Hadoop file system.
 */
@CommandLine.Command(name = "plot-gradient", description = "Draw the field of -grad function_2 (figure 4-9) as a PNG.")
public final class PlotGradientCommand implements Command {

    @Option(names = "--out", paramLabel = "FILE.png", converter = Values.Output.class, required = true, description = "Where to write the PNG.")
    private String target;

    @Option(names = "--width", paramLabel = "N", defaultValue = "640", converter = Values.AtLeast100.class,
            description = "The picture's width in pixels, 100 to 4096.")
    private int width;

    @Option(names = "--height", paramLabel = "N", defaultValue = "600", converter = Values.AtLeast100.class,
            description = "The picture's height in pixels, 100 to 4096.")
    private int height;

    @Override
    public void run(PrintStream out, PrintStream err) {
        writePlot(target, width, height, new Configuration());
    }

    /** Draws the field and writes it atomically to {@code target}. */
    static void writePlot(String target, int width, int height, Configuration conf) {
        var chart = GradientFieldPlot.chart(GradientFieldPlot.function2Field());
        HadoopOutput.writeAtomically(target, true, conf, o -> Charts.writePng(chart, width, height, o));
    }
}
