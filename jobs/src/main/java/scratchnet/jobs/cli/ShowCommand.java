package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.core.BadInputException;
import scratchnet.core.data.MnistSet;
import scratchnet.core.viz.DigitImage;
import scratchnet.jobs.io.DataDirs;
import scratchnet.jobs.io.HadoopOutput;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;

/**
 * {@code show}: one MNIST digit as a PNG, like the book's {@code img_show}: the 28×28 image, or
 * with {@code --strip} the flattened 784×1 strip. Prints the label.
 */
@CommandLine.Command(name = "show", description = "Write one MNIST digit as a PNG; print its label.")
public final class ShowCommand implements Command {

    @Option(names = "--index", paramLabel = "N", defaultValue = "0", converter = Values.AtLeast0.class,
            description = "The digit's index in its set, from 0.")
    private int index;

    @Option(names = "--set", paramLabel = "SET", defaultValue = "train", converter = Sets.class, description = "train or test.")
    private String set;

    @Option(names = "--strip", description = "Write the flattened 784x1 strip instead of the 28x28 image.")
    private boolean strip;

    @Option(names = "--scale", paramLabel = "N", defaultValue = "1", converter = Values.Scale.class,
            description = "Pixels per image pixel, 1 to 32.")
    private int scale;

    @Mixin
    private DataOption data;

    @Option(names = "--out", paramLabel = "FILE.png", converter = Values.Output.class, required = true, description = "Where to write the PNG.")
    private String target;

    /** MNIST's two sets. */
    static final class Sets extends Values.OneOf {
        Sets() {
            super(List.of("train", "test"));
        }
    }

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        Configuration conf = new Configuration();
        MnistSource source = MnistSource.open(DataDirs.resolve(data.uri, err), set.equals("train"), conf);
        if (index >= source.count()) {
            throw new BadInputException("show: --index " + index + " is out of range: the " + set + " set has " + source.count() + " images");
        }
        MnistBatch digit = source.read(index, 1, conf);
        int width = strip ? MnistSet.PIXELS : 28;
        int height = strip ? 1 : 28;
        HadoopOutput.writeAtomically(target, true, conf,
                o -> DigitImage.writePng(DigitImage.render(digit.images(), width, height, scale), o));
        out.println(digit.labels()[0]);
    }
}
