package scratchnet.jobs.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.FileDigests;

/** {@code --weights book}: the book's pickle in the jar, the same network and digest as the file. */
class NetworkFilesTest {

    @Test
    void bookIsTheBooksPickleInTheJar() throws Exception {
        Configuration conf = new Configuration();
        NetworkFiles.Loaded book = NetworkFiles.read("book", conf);
        NetworkFiles.Loaded file = NetworkFiles.read(TestData.sampleWeights().toString(), conf);
        assertEquals("classpath:scratchnet/book/sample_weight.pkl", book.source());
        assertEquals(FileDigests.sha256(Files.readAllBytes(TestData.sampleWeights())), book.sha256());
        assertEquals(TestData.golden().get("mnist").get("sample_weight_pkl_sha256").asText(), book.sha256());
        Network a = book.network();
        Network b = file.network();
        assertEquals(a.sizes(), b.sizes());
        for (int l = 0; l < a.sizes().layerCount(); l++) {
            assertArrayEquals(b.weights(l), a.weights(l));
            assertArrayEquals(b.biases(l), a.biases(l));
        }
    }

    @Test
    void theLicenceNoticeShipsBesideTheWeights() throws Exception {
        try (var in = NetworkFiles.class.getClassLoader().getResourceAsStream("scratchnet/book/LICENSE")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("Copyright (c) 2016 Koki Saitoh") && text.contains("The MIT License"), text);
        }
    }
}
