package scratchnet.core.net;

import scratchnet.core.data.SparseImages;

/**
 * The float32 forward pass of one network, as {@link Network#predictBatch} runs it: made by the
 * kernels this JVM runs ({@link Kernels#forwardPass}), the SIMD one ({@link SimdForward}) or the
 * plain-loop one ({@link ScalarForward}), which give the same bits.
 */
interface ForwardPass {

    /** See {@link Network#predictBatch(float[], int, int)}. */
    float[] predictBatch(float[] x, int offset, int n);

    /** See {@link Network#logitsBatch(float[], int, int)}: {@link #predictBatch(float[], int, int)} without its softmax. */
    float[] logitsBatch(float[] x, int offset, int n);

    /**
     * See {@link Network#predictBatch(SparseImages, int, int)}: here, the images normalised into
     * dense rows and predicted as those; a pass may read the sparse rows directly instead, with the
     * same bits.
     */
    default float[] predictBatch(SparseImages images, int from, int n) {
        float[] x = new float[n * images.width()];
        images.normalize(from, n, x);
        return predictBatch(x, 0, n);
    }
}
