package scratchnet.core.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import com.code_intelligence.jazzer.junit.FuzzTest;

import scratchnet.core.BadInputException;

/**
 * The IDX reader on any bytes, raw or gzipped as they come (the gzip magic decides): every input
 * ends in a checked file or a {@link BadInputException}. Inputs: {@code IdxFuzzTestInputs/idx/}.
 */
class IdxFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void idx(byte[] input) throws IOException {
        read(input);
    }

    /** Both kinds, so that an input is read as images and as labels. */
    static void read(byte[] input) throws IOException {
        for (IdxHeader.Kind kind : IdxHeader.Kind.values()) {
            try {
                IdxReader.read(new ByteArrayInputStream(input), kind, "fuzz.idx");
            } catch (BadInputException e) {
                // the one allowed outcome besides a value
            }
        }
    }
}
