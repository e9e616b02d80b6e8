package scratchnet.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

import scratchnet.core.BadInputException;

/** The {@code .npz} (zip) reader on any bytes: arrays or a {@link BadInputException}. Inputs: {@code NpzFuzzTestInputs/npz/}. */
class NpzFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void npz(byte[] input) {
        try {
            Npz.read(input, "fuzz.npz");
        } catch (BadInputException e) {
            // the one allowed outcome besides a value
        }
    }
}
