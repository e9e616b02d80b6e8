package scratchnet.jobs.cli;

import java.io.PrintStream;

import org.apache.hadoop.conf.Configuration;

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
public final class ShowCommand implements Command {

    @Override
    public String name() {
        return "show";
    }

    @Override
    public String synopsis() {
        return "--index N [--set train|test] [--strip] [--scale N] [--data URI] --out FILE.png";
    }

    @Override
    public java.util.Set<String> flags() {
        return java.util.Set.of("strip");
    }

    @Override
    public void run(Options options, PrintStream out, PrintStream err) throws Exception {
        int index = options.integer("index", 0, 0);
        String set = options.string("set", "train");
        boolean strip = options.flag("strip");
        int scale = options.integer("scale", 1, 1);
        String data = options.string("data", null);
        String target = options.required("out");
        options.checkAllUsed();
        if (!set.equals("train") && !set.equals("test")) {
            throw new UsageException("show: --set must be train or test, got '" + set + "'");
        }

        Configuration conf = new Configuration();
        MnistSource source = MnistSource.open(DataDirs.resolve(data, err), set.equals("train"), conf);
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
