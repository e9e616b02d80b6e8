package scratchnet.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.U8Array;

class MnistTest {

    @Test
    void loadMnistShapesFollowTheBooksOptions() {
        Mnist.Loaded flat = Mnist.loadMnist(TestData.mnistDir(), true, true, false);
        assertArrayEquals(new int[] {60_000, 784}, flat.xTrain().shape());
        assertEquals(47_040_000, flat.xTrain().size());
        assertArrayEquals(new int[] {10_000}, flat.tTest().shape());
        assertEquals("<f4", flat.xTrain().dtype());
        assertArrayEquals(TestData.ints(TestData.golden().at("/mnist/train_labels_first10")), firstLabels(flat.tTrain(), 10));

        Mnist.Loaded images = Mnist.loadMnist(TestData.mnistDir(), false, false, true);
        assertArrayEquals(new int[] {60_000, 1, 28, 28}, images.xTrain().shape());
        assertEquals("|u1", images.xTrain().dtype());
        assertArrayEquals(new int[] {10_000, 10}, images.tTest().shape());
        double[] firstRow = java.util.Arrays.copyOf(((F64Array) images.tTest()).data(), 10);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, firstRow);
    }

    @Test
    void normalisationRoundsAsNumpyFloat32() {
        float[] x = MnistSet.normalize(new byte[] {0, 1, (byte) 128, (byte) 255}, 0, 4);
        assertEquals(0f, x[0]);
        assertEquals(TestData.golden().at("/mnist/normalisation/x_of_pixel_1").asDouble(), x[1]);
        assertEquals(TestData.golden().at("/mnist/normalisation/x_of_pixel_128").asDouble(), x[2]);
        assertEquals(1f, x[3]);
        for (int p = 0; p < 256; p++) {
            assertEquals((float) (p / 255.0), MnistSet.normalize(new byte[] {(byte) p}, 0, 1)[0]);
        }
    }

    @Test
    void normalisingIntoABufferGivesTheDividedValuesAtItsStart() {
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        float[] into = new float[260];
        java.util.Arrays.fill(into, -1f);
        MnistSet.normalize(bytes, 40, 296, into);
        for (int i = 40; i < 296; i++) {
            assertEquals((bytes[i] & 0xFF) / 255f, into[i - 40], "pixel " + i);
        }
        assertEquals(-1f, into[256], "nothing written past the pixels");
    }

    @Test
    void flatImagesKeepPixelOrder() {
        Mnist.Loaded u8 = Mnist.loadMnist(TestData.mnistDir(), false, true, false);
        Mnist.Loaded f32 = Mnist.loadMnist(TestData.mnistDir(), true, true, false);
        byte[] raw = ((U8Array) u8.xTest()).data();
        float[] norm = ((F32Array) f32.xTest()).data();
        for (int i = 0; i < 784; i++) {
            assertEquals((raw[i] & 0xFF) / 255f, norm[i]);
        }
    }

    private static int[] firstLabels(scratchnet.core.array.NdArray t, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) t.get(i);
        }
        return out;
    }
}
