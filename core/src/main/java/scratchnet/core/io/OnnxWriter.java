package scratchnet.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Network;

/**
 * The network as an ONNX model, built with Tribuo's builder of the ONNX schema: one float32 input
 * {@value #INPUT} of shape {@code [batch, width]} (the batch dimension is dynamic), each layer a
 * {@code Gemm} ({@code a = x·W + b}, {@code W} as it is stored, {@code in × out}) with a
 * {@code Sigmoid} between layers, and two outputs: {@value #LOGITS} (the last layer's {@code a})
 * and {@value #PROBABILITY} ({@code Softmax} over the classes). The weights are initializers
 * holding the network's float32 bits; {@link OnnxReader} reads them back unchanged.
 */
public final class OnnxWriter {
    /** The input's name. */
    public static final String INPUT = "input";
    /** The output of the last layer before softmax. */
    public static final String LOGITS = "logits";
    /** The softmax of the logits: the probability of each class. */
    public static final String PROBABILITY = "probability";
    /** ONNX's operator set the graph uses (Tribuo's operators are those of opset 13). */
    public static final int OPSET = ONNXOperators.getOpsetVersion();
    /** The IR version that came with opset 13 (ONNX 1.8). */
    public static final int IR_VERSION = 7;
    /** The producer the model names. */
    public static final String PRODUCER = "scratchnet";

    private OnnxWriter() {
    }

    /**
     * @param network the weights
     * @param source  where they came from (a path, {@code classpath:…}), for the model's provenance
     * @param sha256  the SHA-256 of that file, hex
     * @param out     where the model goes; not closed
     * @throws IOException when {@code out} fails
     */
    public static void write(Network network, String source, String sha256, OutputStream out) throws IOException {
        model(network, source, sha256).writeTo(out);
    }

    private static OnnxMl.ModelProto model(Network network, String source, String sha256) {
        LayerSizes sizes = network.sizes();
        ONNXContext onnx = new ONNXContext();
        onnx.setName(PRODUCER);
        ONNXRef<?> x = onnx.floatInput(INPUT, sizes.inputSize());
        ONNXRef<?> a = x;
        for (int i = 0; i < sizes.layerCount(); i++) {
            float[] w = network.weights(i);
            float[] b = network.biases(i);
            int layer = i + 1;
            ONNXInitializer wi = onnx.floatTensor("W" + layer, List.of(sizes.size(i), sizes.size(layer)), buffer -> buffer.put(w));
            ONNXInitializer bi = onnx.floatTensor("b" + layer, List.of(sizes.size(layer)), buffer -> buffer.put(b));
            a = x.apply(ONNXOperators.GEMM, List.<ONNXRef<?>>of(wi, bi), "a" + layer);
            if (layer < sizes.layerCount()) {
                x = a.apply(ONNXOperators.SIGMOID, "z" + layer);
            }
        }
        a.apply(ONNXOperators.SOFTMAX, Map.of("axis", 1)).assignTo(onnx.floatOutput(PROBABILITY, sizes.outputSize()));
        a.assignTo(onnx.floatOutput(LOGITS, sizes.outputSize()));
        String doc = "The network of Deep Learning from Scratch (ch. 3-4), layers " + sizes
                + ": Gemm layers, Sigmoid between them, Softmax on top. Weights from " + source + " (SHA-256 " + sha256 + ").";
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName(PRODUCER)
                .setDocString(doc)
                .addMetadataProps(entry("layers", sizes.toString()))
                .addMetadataProps(entry("weights_source", source))
                .addMetadataProps(entry("weights_sha256", sha256))
                .setGraph(onnx.buildGraph())
                .build();
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
