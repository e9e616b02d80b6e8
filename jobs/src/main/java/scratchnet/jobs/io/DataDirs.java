package scratchnet.jobs.io;

import java.io.IOException;
import java.io.PrintStream;

import scratchnet.core.data.MnistCache;

/** Where a job's MNIST comes from: {@code --data} when given, else the local cache, fetched when empty. */
public final class DataDirs {

    private DataDirs() {
    }

    /**
     * @param data the {@code --data} option, or {@code null}
     * @param err  where fetch progress goes
     * @return a directory URI or path holding the four IDX files
     */
    public static String resolve(String data, PrintStream err) throws IOException {
        if (data != null) {
            return data;
        }
        MnistCache cache = new MnistCache(MnistCache.defaultDir(), err::println);
        cache.ensure();
        return cache.dir().toUri().toString();
    }
}
