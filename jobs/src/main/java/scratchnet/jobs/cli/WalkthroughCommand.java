package scratchnet.jobs.cli;

import java.io.PrintStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.core.book.Walkthrough;
import scratchnet.core.data.MnistSet;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.DataDirs;
import scratchnet.jobs.io.HadoopOutput;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.scoring.NetworkFiles;

/**
 * {@code walkthrough}: replays the book's notebook for chapters 3.6 and 4 in Java
 * ({@link Walkthrough}), printing what each cell prints and writing the pictures into
 * {@code --out DIR}. The accuracy cells need the book's weights ({@code --weights book}); MNIST comes from {@code --data}, default the cache.
 */
@CommandLine.Command(name = "walkthrough", description = {"Replay the book's notebook (ch. 3.6 and 4) cell by cell.",
        "Prints what each cell prints; writes the pictures into --out."})
public final class WalkthroughCommand implements Command {

    @Option(names = "--weights", paramLabel = "FILE", description = "book (the book's weights, in the jar; or any weights --weights takes), which the accuracy cells run (required).")
    private String weightsUri;

    @Mixin
    private DataOption data;

    @Option(names = "--out", paramLabel = "DIR", converter = Values.Output.class, description = "Where to write the pictures; default: none are written.")
    private String outDir;

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        if (weightsUri == null) {
            throw new UsageException("walkthrough: --weights FILE is required: the accuracy cells (3.6.2-3.6.3) run the book's "
                    + "pretrained network, e.g. --weights book");
        }

        Configuration conf = new Configuration();
        Network network = NetworkFiles.read(weightsUri, conf).network();
        String dataDir = DataDirs.resolve(data.uri, err);
        MnistSet train = readAll(dataDir, true, conf);
        MnistSet test = readAll(dataDir, false, conf);
        Walkthrough.Images images = outDir == null ? (name, png) -> null
                : (name, png) -> HadoopOutput.writeAtomically(new Path(new Path(outDir), name).toString(), true, conf, png).toString();
        new Walkthrough(train, test, network, images, out).run();
    }

    private static MnistSet readAll(String dataDir, boolean train, Configuration conf) {
        MnistSource source = MnistSource.open(dataDir, train, conf);
        MnistBatch all = source.read(0, source.count(), conf);
        return new MnistSet(all.images(), all.labels());
    }
}
