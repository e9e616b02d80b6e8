package scratchnet.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import scratchnet.core.data.MnistCache;
import scratchnet.core.io.BookWeights;

/**
 * Where tests find their reference values ({@code golden.json}, on the test class path, computed
 * by {@code core/src/test/python/make_golden.py}), the book's weights (in the jar) and MNIST.
 */
public final class TestData {
    private static JsonNode golden;
    private static Path mnist;
    private static Path sampleWeights;

    private TestData() {
    }

    /** @return the book's pretrained weights ({@link BookWeights}) as a file, written once into a temporary directory */
    public static synchronized Path sampleWeights() {
        if (sampleWeights == null) {
            try {
                Path dir = Files.createTempDirectory("scratchnet-book");
                sampleWeights = Files.write(dir.resolve("sample_weight.pkl"), BookWeights.bytes());
                sampleWeights.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sampleWeights;
    }

    /** @return {@code golden.json}, parsed once */
    public static synchronized JsonNode golden() {
        if (golden == null) {
            try (InputStream in = TestData.class.getResourceAsStream("/golden.json")) {
                if (in == null) {
                    throw new IllegalStateException("golden.json is not on the test class path");
                }
                golden = new ObjectMapper().readTree(in);
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
