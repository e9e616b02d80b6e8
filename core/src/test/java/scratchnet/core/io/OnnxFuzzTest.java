package scratchnet.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

import scratchnet.core.BadInputException;

/**
 * The ONNX reader on any bytes: arrays or a {@link BadInputException}. Inputs:
 * {@code OnnxFuzzTestInputs/onnx/} (a 3-2-2 network as {@link OnnxWriter} writes it, as a Gemm with
 * transB=1, and as MatMul and Add over Constant nodes).
 */
class OnnxFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void onnx(byte[] input) {
        try {
            OnnxReader.read(input, "fuzz.onnx");
        } catch (BadInputException e) {
            // the one allowed outcome besides a value
        }
    }
}
