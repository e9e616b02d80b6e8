package scratchnet.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import scratchnet.core.data.MnistCache;

/** Where tests find the shared reference files and MNIST. */
public final class TestData {
    private static JsonNode golden;
    private static Path mnist;

    private TestData() {
    }

    /** @return {@code ../shared} beside the project (set by Surefire as {@code scratchnet.shared}) */
    public static Path shared() {
        return Path.of(System.getProperty("scratchnet.shared", "../../shared")).toAbsolutePath().normalize();
    }

    /** @return the book's pretrained weights */
    public static Path sampleWeights() {
        return shared().resolve("data").resolve("sample_weight.pkl");
    }

    /** @return {@code golden.json}, parsed once */
    public static synchronized JsonNode golden() {
        if (golden == null) {
            try {
                golden = new ObjectMapper().readTree(shared().resolve("golden.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return golden;
    }

    /** @return the directory of the original MNIST files, fetched into the cache on first use */
    public static synchronized Path mnistDir() {
        if (mnist == null) {
            MnistCache cache = new MnistCache(MnistCache.defaultDir(), System.err::println);
            try {
                cache.ensure();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            mnist = cache.dir();
        }
        return mnist;
    }

    /** @return a golden array as doubles */
    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** @return a golden array as ints */
    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
