package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.array.F32Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.net.Network;

/** The exported graph as it is written, and read back bit for bit. */
class OnnxWriterTest {
    static final String SHA256 = "0".repeat(64);
    private static Network book;
    private static byte[] onnx;

    @BeforeAll
    static void export() throws IOException {
        book = BookWeights.network();
        onnx = bytes(book);
    }

    /** @return the network exported as {@link OnnxWriter} writes it */
    static byte[] bytes(Network network) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OnnxWriter.write(network, BookWeights.SOURCE, SHA256, out);
        return out.toByteArray();
    }

    @Test
    void theGraphIsGemmLayersWithSigmoidBetweenAndSoftmaxOnTop() throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(onnx);
        assertEquals(7, model.getIrVersion());
        assertEquals(13, model.getOpsetImport(0).getVersion());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals("scratchnet", model.getProducerName());
        assertTrue(model.getDocString().contains("layers 784-50-100-10") && model.getDocString().contains(BookWeights.SOURCE)
                && model.getDocString().contains("SHA-256 " + SHA256), model.getDocString());
        OnnxMl.GraphProto graph = model.getGraph();
        assertEquals(List.of("Gemm", "Sigmoid", "Gemm", "Sigmoid", "Gemm", "Softmax", "Identity", "Identity"),
                graph.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList());
        assertEquals(List.of("axis"), graph.getNode(5).getAttributeList().stream().map(OnnxMl.AttributeProto::getName).toList());
        assertEquals(1, graph.getNode(5).getAttribute(0).getI());
        assertEquals(1, graph.getInputCount());
        OnnxMl.ValueInfoProto input = graph.getInput(0);
        assertEquals("input", input.getName());
        assertEquals(OnnxMl.TensorProto.DataType.FLOAT_VALUE, input.getType().getTensorType().getElemType());
        OnnxMl.TensorShapeProto shape = input.getType().getTensorType().getShape();
        assertEquals("batch", shape.getDim(0).getDimParam());
        assertEquals(784, shape.getDim(1).getDimValue());
        assertEquals(List.of("probability", "logits"), graph.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        assertEquals(List.of(List.of(784L, 50L), List.of(50L), List.of(50L, 100L), List.of(100L), List.of(100L, 10L), List.of(10L)),
                graph.getInitializerList().stream().map(OnnxMl.TensorProto::getDimsList).toList());
    }

    @Test
    void theWeightsReadBackBitForBit() {
        Map<String, NdArray> back = WeightsFile.readArrays(onnx, "book.onnx");
        Map<String, NdArray> arrays = book.toArrays();
        assertEquals(arrays.keySet(), back.keySet());
        for (String key : arrays.keySet()) {
            F32Array expected = (F32Array) arrays.get(key);
            F32Array actual = (F32Array) back.get(key);
            assertArrayEquals(expected.shape(), actual.shape(), key);
            assertArrayEquals(bits(expected.data()), bits(actual.data()), key);
        }
        Network network = WeightsFile.readNetwork(onnx, "book.onnx");
        assertEquals("784-50-100-10", network.sizes().toString());
    }

    @Test
    void theSameWeightsGiveTheSameBytes() throws IOException {
        assertArrayEquals(onnx, bytes(WeightsFile.readNetwork(onnx, "book.onnx")));
    }

    static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
