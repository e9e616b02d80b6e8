package scratchnet.core.net;

import scratchnet.core.math.Activations;

/**
 * The forward pass in plain loops ({@link ScalarKernels}' pass, for a JVM without the Vector API):
 * the SIMD pass's arithmetic, so the same bits (each output an FMA chain over the inputs in order,
 * the kernels' sigmoid, the same softmax).
 */
final class ScalarForward implements ForwardPass {
    private final Network network;

    /** Reads the network's weights as they are (no copy). */
    ScalarForward(Network network) {
        this.network = network;
    }

    @Override
    public float[] predictBatch(float[] x, int offset, int n) {
        float[] a = logitsBatch(x, offset, n);
        Activations.softmaxRows(a, n, network.sizes().outputSize());
        return a;
    }

    @Override
    public float[] logitsBatch(float[] x, int offset, int n) {
        LayerSizes sizes = network.sizes();
        float[] in = x;
        int inOffset = offset;
        for (int i = 0; i < sizes.layerCount(); i++) {
            float[] a = affine(in, inOffset, n, i);
            if (i < sizes.layerCount() - 1) {
                for (int k = 0; k < a.length; k++) {
                    a[k] = Kernels.sigmoid(a[k]);
                }
            }
            in = a;
            inOffset = 0;
        }
        return in;
    }

    /**
     * {@code x·W + b} for layer {@code layer}. Row by row, each input value scales a row of
     * {@code W} into the output, one FMA per output as SIMD lanes do it; zero inputs, most of an
     * MNIST image, are skipped: {@code fma(0, w, s)} is {@code s} (up to the sign of a zero sum,
     * which neither sigmoid nor softmax tells apart).
     */
    private float[] affine(float[] x, int offset, int n, int layer) {
        int in = network.sizes().size(layer);
        int out = network.sizes().size(layer + 1);
        float[] w = network.weights(layer);
        float[] bias = network.biases(layer);
        float[] a = new float[n * out];
        for (int r = 0; r < n; r++) {
            int xr = offset + r * in;
            int ar = r * out;
            System.arraycopy(bias, 0, a, ar, out);
            for (int k = 0; k < in; k++) {
                float xv = x[xr + k];
                if (xv == 0f) {
                    continue;
                }
                int wk = k * out;
                for (int j = 0; j < out; j++) {
                    a[ar + j] = Math.fma(xv, w[wk + j], a[ar + j]);
                }
            }
        }
        return a;
    }
}
