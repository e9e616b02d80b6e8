package scratchnet.core.net;

/**
 * The float32 forward pass of one network, as {@link Network#predictBatch} runs it: made by the
 * kernels this JVM runs ({@link Kernels#forwardPass}), the SIMD one ({@link SimdForward}) or the
 * plain-loop one ({@link ScalarForward}), which give the same bits.
 */
interface ForwardPass {

    /** See {@link Network#predictBatch(float[], int, int)}. */
    float[] predictBatch(float[] x, int offset, int n);
}
