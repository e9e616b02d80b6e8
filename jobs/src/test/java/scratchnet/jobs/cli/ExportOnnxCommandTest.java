package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.onnx.proto.OnnxMl;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.io.BookWeights;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.FileDigests;
import scratchnet.jobs.scoring.NetworkFiles;

/** {@code export-onnx} through the command line, and its model as {@code --weights}: no Spark job. */
class ExportOnnxCommandTest {

    @Test
    void theExportIsWeightsAgainBitForBitAndIsNotOverwrittenUnasked(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("book.onnx");
        CliRunner export = CliRunner.run("export-onnx", "--weights", "book", "--out", model.toString());
        assertEquals(0, export.code(), export.err());
        assertEquals("wrote file:" + model + ": ONNX opset 13, layers 784-50-100-10, input 'input' [batch, 784], "
                + "outputs 'probability' and 'logits', from classpath:scratchnet/book/sample_weight.pkl\n", export.out());
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model));
        assertTrue(proto.getDocString().contains("(SHA-256 " + FileDigests.sha256(BookWeights.bytes()) + ")"), proto.getDocString());

        NetworkFiles.Loaded loaded = NetworkFiles.read(model.toString(), new Configuration());
        assertEquals("file:" + model, loaded.source());
        assertEquals(FileDigests.sha256(Files.readAllBytes(model)), loaded.sha256());
        Network book = BookWeights.network();
        for (int l = 0; l < book.sizes().layerCount(); l++) {
            assertArrayEquals(book.weights(l), loaded.network().weights(l));
            assertArrayEquals(book.biases(l), loaded.network().biases(l));
        }

        CliRunner again = CliRunner.run("export-onnx", "--weights", model.toString(), "--out", model.toString());
        assertEquals(2, again.code());
        assertEquals("scratchnet: file:" + model + ": already exists (use --overwrite to replace it)\n", again.err());
        CliRunner overwrite = CliRunner.run("export-onnx", "--weights", model.toString(), "--out", model.toString(), "--overwrite");
        assertEquals(0, overwrite.code(), overwrite.err());
        assertTrue(overwrite.out().endsWith(", from file:" + model + "\n"), overwrite.out());
    }

    @Test
    void aModelOfAnotherFamilyIsOneLineNamingItsNode(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("relu.onnx");
        assertEquals(0, CliRunner.run("export-onnx", "--weights", "book", "--out", model.toString()).code());
        OnnxMl.ModelProto.Builder relu = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model)).toBuilder();
        relu.getGraphBuilder().getNodeBuilder(3).setOpType("Relu").setName("/fc2/Relu");
        Files.write(model, relu.build().toByteArray());

        CliRunner r = CliRunner.run("export-onnx", "--weights", model.toString(), "--out", dir.resolve("x.onnx").toString());
        assertEquals(2, r.code());
        assertTrue(r.oneErrorLine(), r.err());
        assertEquals("scratchnet: file:" + model + ": node 3 (Relu '/fc2/Relu'): Relu is none of this network's operators "
                + "(Gemm, MatMul and Add, Sigmoid, Softmax)\n", r.err());
        assertFalse(Files.exists(dir.resolve("x.onnx")));

        CliRunner typo = CliRunner.run("export-onnx", "--weights", "book", "--out", model.toString(), "--overwite");
        assertEquals("scratchnet: export-onnx: unknown option --overwite (did you mean --overwrite?)", typo.err().strip());
    }
}
