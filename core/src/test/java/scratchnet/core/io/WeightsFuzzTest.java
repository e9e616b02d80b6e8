package scratchnet.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

import scratchnet.core.BadInputException;

/**
 * The weights reader on any bytes, as {@code --weights} reads a file: the restricted unpickler
 * (protocols 2 to 5), the npz reader, the ONNX reader, then the network's shape checks. A network
 * or a {@link BadInputException}. Inputs: {@code WeightsFuzzTestInputs/weights/} (pickles, npz, ONNX).
 */
class WeightsFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void weights(byte[] input) {
        try {
            WeightsFile.readNetwork(input, "fuzz.pkl");
        } catch (BadInputException e) {
            // the one allowed outcome besides a value
        }
    }
}
