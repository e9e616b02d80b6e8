package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.net.Network;

/**
 * ONNX models of the book's network as other exporters write them read to the same bits; any
 * other graph is refused in one line naming the first node that does not fit.
 */
class OnnxReaderTest {
    private static final String SOURCE = "m.onnx";
    private static Network book;
    private static OnnxMl.ModelProto exported;

    @BeforeAll
    static void export() throws IOException {
        book = BookWeights.network();
        exported = OnnxMl.ModelProto.parseFrom(OnnxWriterTest.bytes(book));
    }

    @Test
    void everyLayoutOfOtherExportersReadsToTheSameBits() {
        for (OnnxVariants.Layer layer : OnnxVariants.Layer.values()) {
            for (boolean constants : new boolean[] {false, true}) {
                for (boolean softmax : new boolean[] {false, true}) {
                    String variant = layer + (constants ? ", Constant nodes" : ", initializers") + (softmax ? ", Softmax" : ", logits");
                    assertSameBits(book.toArrays(), read(OnnxVariants.model(book, layer, constants, softmax)), variant);
                }
            }
        }
    }

    @Test
    void initializersListedAsInputsTooAsBeforeIrVersion4AreNotInputs() {
        OnnxMl.ModelProto.Builder model = exported.toBuilder();
        for (OnnxMl.TensorProto t : exported.getGraph().getInitializerList()) {
            model.getGraphBuilder().addInput(OnnxMl.ValueInfoProto.newBuilder().setName(t.getName()));
        }
        assertSameBits(book.toArrays(), read(model.setIrVersion(3).build()), "IR version 3");
    }

    @Test
    void aGemmWithoutItsThirdInputHasZeroBiases() {
        OnnxMl.ModelProto model = edit(g -> g.getNodeBuilder(0).clearInput().addInput("input").addInput("W1_0"));
        assertArrayEquals(new float[50], ((F32Array) read(model).get("b1")).data());
    }

    @Test
    void anotherOperatorIsNamedWithItsIndexTypeAndName() {
        assertEquals("m.onnx: node 1 (Relu '/fc1/Relu'): Relu is none of this network's operators (Gemm, MatMul and Add, Sigmoid, Softmax)",
                refusal(edit(g -> g.getNodeBuilder(1).setOpType("Relu").setName("/fc1/Relu"))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): operator domain 'com.microsoft' is not ONNX's own",
                refusal(edit(g -> g.getNodeBuilder(0).setDomain("com.microsoft"))));
    }

    @Test
    void gemmsAttributesAreChecked() {
        assertEquals("m.onnx: node 2 (Gemm 'Gemm_1'): alpha is 0.5; only 1 is read",
                refusal(edit(g -> g.getNodeBuilder(2).addAttribute(floatAttribute("alpha", 0.5f)))));
        assertEquals("m.onnx: node 2 (Gemm 'Gemm_1'): beta is 2.0; only 1 is read",
                refusal(edit(g -> g.getNodeBuilder(2).addAttribute(floatAttribute("beta", 2f)))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): transA is 1; only 0 is read",
                refusal(edit(g -> g.getNodeBuilder(0).addAttribute(intAttribute("transA", 1)))));
        assertEquals("m.onnx: node 4 (Gemm 'Gemm_2'): transB is 2; only 0 or 1 is read",
                refusal(edit(g -> g.getNodeBuilder(4).addAttribute(intAttribute("transB", 2)))));
        // transB=1 on weights stored in × out: the layer's width no longer fits
        assertEquals("m.onnx: node 2 (Gemm 'Gemm_1'): its weights take 100 inputs, the layer before gives 50",
                refusal(edit(g -> g.getNodeBuilder(2).addAttribute(intAttribute("transB", 1)))));
    }

    @Test
    void aSoftmaxOverAnotherAxisOrASigmoidAtTheEndIsRefused() {
        assertEquals("m.onnx: node 5 (Softmax 'Softmax_0'): only a Softmax over the classes (axis -1 or 1) is read",
                refusal(edit(g -> g.getNodeBuilder(5).setAttribute(0, intAttribute("axis", 0)))));
        assertEquals("m.onnx: node 5 (Sigmoid 'Softmax_0'): the last layer's Sigmoid; this network ends with a Softmax or with the layer itself",
                refusal(edit(g -> g.getNodeBuilder(5).setOpType("Sigmoid").clearAttribute())));
    }

    @Test
    void aGraphThatBranchesOrSkipsASigmoidIsRefused() {
        assertEquals("m.onnx: node 2 (Gemm 'Gemm_1'): it takes 'input', an earlier value than 'z1_0': the graph branches",
                refusal(edit(g -> g.getNodeBuilder(2).setInput(0, "input"))));
        assertEquals("m.onnx: node 1 (Sigmoid 'Sigmoid_0'): its input 'W1_0' is not the network's data (its input, a layer or a Sigmoid)",
                refusal(edit(g -> g.getNodeBuilder(1).setInput(0, "W1_0"))));
        OnnxMl.ModelProto noSigmoid = edit(g -> {
            g.removeNode(1);
            g.getNodeBuilder(1).setInput(0, "a1_0");
        });
        assertEquals("m.onnx: node 1 (Gemm 'Gemm_1'): a layer's output goes into it without a Sigmoid between", refusal(noSigmoid));
        assertEquals("m.onnx: node 8 (Gemm 'Gemm_1'): it comes after the Softmax, which ends this network",
                refusal(edit(g -> g.addNode(g.getNode(2).toBuilder().setInput(0, "a3_Softmax_0").setOutput(0, "more")))));
        assertEquals("m.onnx: output 'z1_0' is neither the last layer's output nor its Softmax",
                refusal(edit(g -> g.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("z1_0")))));
    }

    @Test
    void weightsMustBeFloat32TensorsThatFillTheirShape() {
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): 'W9' (its weights) is neither an initializer nor a Constant",
                refusal(edit(g -> g.getNodeBuilder(0).setInput(1, "W9"))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): weights 'W1_0' is a tensor of DOUBLE, not FLOAT (float32)",
                refusal(edit(g -> g.getInitializerBuilder(0).setDataType(OnnxMl.TensorProto.DataType.DOUBLE_VALUE))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): weights 'W1_0' keeps its data in an external file, which is not read",
                refusal(edit(g -> g.getInitializerBuilder(0).setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): weights 'W1_0' holds 156800 bytes of raw_data, its shape [784, 5000] needs 15680000",
                refusal(edit(g -> g.getInitializerBuilder(0).setDims(1, 5000))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): weights 'W1_0' has shape [2147483647, 2147483647], too large for an array",
                refusal(edit(g -> g.getInitializerBuilder(0).setDims(0, Integer.MAX_VALUE).setDims(1, Integer.MAX_VALUE))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): weights 'W1_0' has dimension -1, not a size",
                refusal(edit(g -> g.getInitializerBuilder(0).setDims(0, -1))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): weights 'W1_0' has dimension 4294967296, not a size",
                refusal(edit(g -> g.getInitializerBuilder(0).setDims(0, 1L << 32))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): its bias 'b2_0' has shape (100,), not (50,) or (1, 50)",
                refusal(edit(g -> g.getNodeBuilder(0).setInput(2, "b2_0"))));
        assertEquals("m.onnx: initializer 'W1_0' appears twice",
                refusal(edit(g -> g.addInitializer(g.getInitializer(0)))));
    }

    @Test
    void aTensorSharedByManyLayersIsReadOnlyAsFarAsTheFilesSize() {
        int n = 100;
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(exported.getGraph().getInput(0).toBuilder().setName("x"))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("W").setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .addDims(n).addDims(n).setRawData(ByteString.copyFrom(new byte[n * n * Float.BYTES])));
        g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).setDimValue(n);
        String x = "x";
        for (int i = 0; i < 8; i++) {
            g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").setName("m" + i).addInput(x).addInput("W").addOutput("a" + i));
            g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Sigmoid").setName("s" + i).addInput("a" + i).addOutput("z" + i));
            x = "z" + i;
        }
        String message = refusal(exported.toBuilder().setGraph(g).build());
        assertTrue(message.matches("m\\.onnx: node 8 \\(MatMul 'm4'\\): the layers so far hold 50000 values, more than the file's \\d+ bytes: "
                + "tensors used again and again"), message);
    }

    @Test
    void theNetworksOwnChecksFollow() {
        float[] w = book.weights(0).clone();
        w[3] = Float.NaN;
        Network nan = new Network(book.sizes(), new float[][] {w, book.weights(1), book.weights(2)},
                new float[][] {book.biases(0), book.biases(1), book.biases(2)});
        BadInputException e = assertThrows(BadInputException.class,
                () -> WeightsFile.readNetwork(OnnxVariants.model(nan, OnnxVariants.Layer.GEMM, false, true).toByteArray(), SOURCE));
        assertEquals("m.onnx: W1 holds NaN at flat index 3 (weights must be finite)", e.getMessage());
    }

    @Test
    void theGraphsInputsAndOutputsAreChecked() {
        assertEquals("m.onnx: the graph has 2 inputs besides its initializers, this network one",
                refusal(edit(g -> g.addInput(OnnxMl.ValueInfoProto.newBuilder().setName("mask")))));
        assertEquals("m.onnx: input 'input' is a tensor of element type 7, not FLOAT (float32)",
                refusal(edit(g -> g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().setElemType(7))));
        assertEquals("m.onnx: node 0 (Gemm 'Gemm_0'): its weights take 784 inputs, the layer before gives 28",
                refusal(edit(g -> g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).setDimValue(28))));
        assertEquals("m.onnx: the graph has no output", refusal(edit(OnnxMl.GraphProto.Builder::clearOutput)));
        assertEquals("m.onnx: no layer (a Gemm or MatMul node) takes the input", refusal(edit(OnnxMl.GraphProto.Builder::clearNode)));
    }

    @Test
    void anythingElseIsNotAnOnnxModel() {
        byte[] whole = exported.toByteArray();
        String truncated = refusal(Arrays.copyOf(whole, whole.length / 2));
        assertTrue(truncated.startsWith("m.onnx: not a valid ONNX model ("), truncated);
        assertEquals("m.onnx: an ONNX model that imports none of ONNX's own operator sets",
                refusal(exported.toBuilder().clearOpsetImport().build().toByteArray()));
        assertEquals("m.onnx: an ONNX model without a graph", refusal(exported.toBuilder().clearGraph().build().toByteArray()));
    }

    private static Map<String, NdArray> read(OnnxMl.ModelProto model) {
        return WeightsFile.readArrays(model.toByteArray(), SOURCE);
    }

    private static OnnxMl.ModelProto edit(Consumer<OnnxMl.GraphProto.Builder> change) {
        OnnxMl.ModelProto.Builder model = exported.toBuilder();
        change.accept(model.getGraphBuilder());
        return model.build();
    }

    private static String refusal(OnnxMl.ModelProto model) {
        return refusal(model.toByteArray());
    }

    private static String refusal(byte[] content) {
        return assertThrows(BadInputException.class, () -> WeightsFile.readArrays(content, SOURCE)).getMessage();
    }

    private static OnnxMl.AttributeProto floatAttribute(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static void assertSameBits(Map<String, NdArray> expected, Map<String, NdArray> actual, String variant) {
        assertEquals(expected.keySet(), actual.keySet(), variant);
        for (String key : expected.keySet()) {
            assertArrayEquals(expected.get(key).shape(), actual.get(key).shape(), variant + ": " + key);
            assertArrayEquals(OnnxWriterTest.bits(((F32Array) expected.get(key)).data()), OnnxWriterTest.bits(((F32Array) actual.get(key)).data()),
                    variant + ": " + key);
        }
    }
}
