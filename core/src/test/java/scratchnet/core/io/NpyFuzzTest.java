package scratchnet.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

import scratchnet.core.BadInputException;

/** The {@code .npy} reader on any bytes: an array or a {@link BadInputException}. Inputs: {@code NpyFuzzTestInputs/npy/}. */
class NpyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void npy(byte[] input) {
        try {
            Npy.read(input, "fuzz.npy");
        } catch (BadInputException e) {
            // the one allowed outcome besides a value
        }
    }
}
