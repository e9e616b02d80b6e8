package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import scratchnet.core.data.MnistCache;
import scratchnet.core.data.MnistFile;

/**
 * {@code fetch-data}: makes sure MNIST is in {@code --data} (default: the cache), fetching and
 * verifying what is missing, and prints the four paths. Files already there are accepted when
 * they are valid IDX files; those that are not the canonical MNIST are named on stderr.
 */
@CommandLine.Command(name = "fetch-data", description = "Fetch, verify (SHA-256) and cache MNIST; print the four paths.")
public final class FetchDataCommand implements Command {

    @Option(names = "--data", paramLabel = "DIR", description = "The directory to fill; default: the cache.")
    private String data;

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        MnistCache cache = new MnistCache(data == null ? MnistCache.defaultDir() : Path.of(data), err::println);
        Map<MnistFile, Path> files = cache.ensure();
        for (Map.Entry<MnistFile, Path> e : files.entrySet()) {
            if (!MnistCache.isCanonical(e.getKey(), e.getValue())) {
                err.println("note: " + e.getValue() + " is a valid IDX file but not the original MNIST (SHA-256 differs)");
            }
            out.println(e.getValue().toAbsolutePath());
        }
    }
}
