package scratchnet.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;

class MnistCacheTest {

    @Test
    void theCacheHoldsTheVerifiedOriginals() throws Exception {
        Path dir = TestData.mnistDir();
        for (MnistFile f : MnistFile.values()) {
            Path p = f.locate(dir);
            assertTrue(MnistCache.isCanonical(f, p), p + " is the original");
            assertEquals(TestData.golden().at("/mnist/sha256/" + f.fileName).asText(), f.sha256);
        }
    }
}
