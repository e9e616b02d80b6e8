package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import scratchnet.core.data.MnistCache;
import scratchnet.core.data.MnistFile;

/**
 * {@code fetch-data}: makes sure MNIST is in {@code --data} (default: the cache), fetching and
 * verifying what is missing, and prints the four paths. Files already there are accepted when
 * they are valid IDX files; those that are not the canonical MNIST are named on stderr.
 */
public final class FetchDataCommand implements Command {

    @Override
    public String name() {
        return "fetch-data";
    }

    @Override
    public String synopsis() {
        return "[--data DIR]";
    }

    @Override
    public void run(Options options, PrintStream out, PrintStream err) throws Exception {
        String data = options.string("data", null);
        options.checkAllUsed();
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
