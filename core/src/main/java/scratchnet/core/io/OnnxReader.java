package scratchnet.core.io;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;

import scratchnet.core.BadInputException;
import scratchnet.core.array.NdArray;

/**
 * Reads the weights of an ONNX model of this network's family, whoever exported it: layers as
 * {@code Gemm} (alpha and beta 1, transA 0, transB 0 or 1) or {@code MatMul} then {@code Add},
 * a {@code Sigmoid} between layers, a {@code Softmax} over the classes or nothing at the end
 * ({@link OnnxChain}); weights as float32 initializers or {@code Constant} nodes, in
 * {@code raw_data} or {@code float_data} ({@link OnnxTensors}). {@link OnnxWriter}'s models read
 * back bit for bit. The file is untrusted: protobuf reads it from memory, so a lying length costs
 * no more than the file; shapes are checked against the data before any array is made; and the
 * layers together hold no more values than the file has bytes, however often they share a tensor.
 */
public final class OnnxReader {
    /** A model's first field, {@code ir_version} (field 1, a varint), as every ONNX serializer writes it first. */
    private static final byte IR_VERSION_TAG = 0x08;

    private OnnxReader() {
    }

    /** @return whether the content starts as an ONNX model does */
    public static boolean looksLikeOnnx(byte[] content) {
        return content.length > 0 && content[0] == IR_VERSION_TAG;
    }

    /**
     * @param content the whole {@code .onnx} file
     * @param source  the file it came from, for error messages
     * @return the layers' weights and biases as {@code W1, b1, W2, …}, {@code W} of shape {@code in × out}, in C order
     * @throws BadInputException when it is not an ONNX model or not one of this family: the message
     *                           names the first node that does not fit, with its index, operator and name
     */
    public static Map<String, NdArray> read(byte[] content, String source) {
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(content);
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(source + ": not a valid ONNX model (" + Printable.of(String.valueOf(e.getMessage())) + ")", e);
        }
        if (model.getOpsetImportList().stream().noneMatch(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))) {
            throw new BadInputException(source + ": an ONNX model that imports none of ONNX's own operator sets");
        }
        if (!model.hasGraph()) {
            throw new BadInputException(source + ": an ONNX model without a graph");
        }
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (initializers.put(t.getName(), t) != null) {
                throw new BadInputException(source + ": initializer '" + Printable.of(t.getName()) + "' appears twice");
            }
        }
        // Before IR version 4 the initializers are graph inputs too.
        List<OnnxMl.ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !initializers.containsKey(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new BadInputException(source + ": the graph has " + inputs.size() + " inputs besides its initializers, this network one");
        }
        OnnxChain chain = new OnnxChain(inputs.get(0).getName(), width(inputs.get(0), source), initializers, content.length, source);
        for (int i = 0; i < graph.getNodeCount(); i++) {
            chain.node(i, graph.getNode(i));
        }
        return chain.layers(graph.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
    }

    /** @return the width the input declares, or -1 when it declares none */
    private static int width(OnnxMl.ValueInfoProto input, String source) {
        String where = source + ": input '" + Printable.of(input.getName()) + "'";
        if (!input.hasType()) {
            return -1;
        }
        if (!input.getType().hasTensorType()) {
            throw new BadInputException(where + " is not a tensor");
        }
        OnnxMl.TypeProto.Tensor type = input.getType().getTensorType();
        if (type.getElemType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            throw new BadInputException(where + " is a tensor of element type " + type.getElemType() + ", not FLOAT (float32)");
        }
        if (!type.hasShape()) {
            return -1;
        }
        if (type.getShape().getDimCount() != 2) {
            throw new BadInputException(where + " has " + type.getShape().getDimCount() + " dimensions, not two: [batch, width]");
        }
        OnnxMl.TensorShapeProto.Dimension width = type.getShape().getDim(1);
        if (!width.hasDimValue()) {
            return -1;
        }
        if (width.getDimValue() < 1 || width.getDimValue() > Integer.MAX_VALUE) {
            throw new BadInputException(where + " has width " + width.getDimValue());
        }
        return (int) width.getDimValue();
    }
}
