package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.math.Activations;
import scratchnet.core.net.Network;

/**
 * The exported book's network scored by ONNX Runtime, as any ONNX user would: 1,000 images at a
 * time, the book's 9,352 correct on the 10,000 test images; one image at a time (the batch
 * dimension is dynamic), the first 100; the probabilities within 1e-5 of
 * {@link Network#predictBatch}'s. Other exporters' layouts ({@link OnnxVariants}) score the same.
 */
class OnnxRuntimeTest {
    private static final int CLASSES = 10;
    private static Network book;
    private static MnistSet test;
    private static float[] x;
    private static OrtEnvironment env;
    private static OrtSession session;

    @BeforeAll
    static void load() throws Exception {
        book = BookWeights.network();
        test = Mnist.readSet(TestData.mnistDir(), false);
        x = test.normalizedImages();
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        session = env.createSession(OnnxWriterTest.bytes(book), options);
    }

    @AfterAll
    static void close() throws OrtException {
        session.close();
    }

    @Test
    void theSessionSeesOneDynamicBatchInputAndTheTwoOutputs() throws OrtException {
        assertEquals(List.of("input"), List.copyOf(session.getInputNames()));
        assertEquals(List.of("probability", "logits"), List.copyOf(session.getOutputNames()));
        Map<String, String> metadata = session.getMetadata().getCustomMetadata();
        assertEquals("784-50-100-10", metadata.get("layers"));
        assertEquals(BookWeights.SOURCE, metadata.get("weights_source"));
        assertEquals("scratchnet", session.getMetadata().getProducerName());
    }

    @Test
    void batchesOf1000GiveTheBooksAccuracyAndItsProbabilities() throws OrtException {
        assertEquals(9352, score(1000, test.count()));
    }

    @Test
    void oneImageAtATimeGivesTheSame() throws OrtException {
        int correct = 0;
        int[] predicted = Activations.argmaxRows(book.predictBatch(x, 0, 100), 100, CLASSES);
        for (int i = 0; i < 100; i++) {
            correct += predicted[i] == test.label(i) ? 1 : 0;
        }
        assertEquals(correct, score(1, 100));
    }

    @Test
    void otherExportersLayoutsScoreAsTheNetworkDoes() throws OrtException {
        float[] images = Arrays.copyOf(x, 100 * MnistSet.PIXELS);
        float[] expected = book.predictBatch(x, 0, 100);
        for (OnnxVariants.Layer layer : OnnxVariants.Layer.values()) {
            for (boolean constants : new boolean[] {false, true}) {
                for (boolean softmax : new boolean[] {false, true}) {
                    String variant = layer + (constants ? ", Constant nodes" : ", initializers") + (softmax ? ", Softmax" : ", logits");
                    byte[] model = OnnxVariants.model(book, layer, constants, softmax).toByteArray();
                    try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
                         OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), new long[] {100, MnistSet.PIXELS});
                         OrtSession.Result out = s.run(Map.of("x", in))) {
                        float[] y = floats(out, "output", 100);
                        assertArrayEquals(Activations.argmaxRows(expected, 100, CLASSES), Activations.argmaxRows(y, 100, CLASSES), variant);
                        for (int i = 0; softmax && i < y.length; i++) {
                            assertEquals(expected[i], y[i], 1e-5, variant);
                        }
                    }
                }
            }
        }
    }

    /**
     * @return the count correct among the first {@code count} images; checks every probability
     *         against scratchnet's, and the logits' argmax against the probabilities'
     */
    private static int score(int batch, int count) throws OrtException {
        int correct = 0;
        double maxDiff = 0;
        for (int first = 0; first < count; first += batch) {
            float[] images = Arrays.copyOfRange(x, first * MnistSet.PIXELS, (first + batch) * MnistSet.PIXELS);
            float[] expected = book.predictBatch(x, first * MnistSet.PIXELS, batch);
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), new long[] {batch, MnistSet.PIXELS});
                 OrtSession.Result out = session.run(Map.of("input", in))) {
                float[] p = floats(out, "probability", batch);
                float[] logits = floats(out, "logits", batch);
                int[] predicted = Activations.argmaxRows(p, batch, CLASSES);
                assertEquals(Arrays.toString(predicted), Arrays.toString(Activations.argmaxRows(logits, batch, CLASSES)));
                for (int i = 0; i < batch; i++) {
                    correct += predicted[i] == test.label(first + i) ? 1 : 0;
                }
                for (int i = 0; i < p.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(p[i] - expected[i]));
                }
            }
        }
        assertTrue(maxDiff <= 1e-5, "max probability difference " + maxDiff);
        return correct;
    }

    private static float[] floats(OrtSession.Result out, String name, int batch) throws OrtException {
        OnnxTensor t = (OnnxTensor) out.get(name).orElseThrow();
        assertEquals(List.of((long) batch, (long) CLASSES), Arrays.stream(t.getInfo().getShape()).boxed().toList());
        FloatBuffer buffer = t.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }
}
