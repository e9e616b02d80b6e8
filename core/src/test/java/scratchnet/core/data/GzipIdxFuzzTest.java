package scratchnet.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The IDX reader's gzip path: the fuzzer's bytes are gzipped before they are read, so that what
 * it mutates is the decompressed file (a mutated gzip stream rarely passes its CRC). Inputs:
 * {@code GzipIdxFuzzTestInputs/gzippedIdx/}.
 */
class GzipIdxFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void gzippedIdx(byte[] input) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(input);
        }
        IdxFuzzTest.read(gz.toByteArray());
    }
}
