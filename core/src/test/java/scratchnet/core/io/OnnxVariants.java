package scratchnet.core.io;

import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Network;

/**
 * A network as other exporters write it, built with Tribuo's builder: PyTorch's {@code nn.Linear}
 * (a {@code Gemm} with transB=1 over weights stored {@code out × in}), skl2onnx's MLP ({@code MatMul}
 * then {@code Add}), weights as {@code Constant} nodes in {@code float_data}; with or without a final
 * {@code Softmax}.
 */
final class OnnxVariants {
    /** How a layer is written. */
    enum Layer {
        /** {@code Gemm(x, W, b)}, {@code W} as scratchnet stores it, {@code in × out}. */
        GEMM,
        /** {@code Gemm(x, Wᵀ, b)} with transB=1, alpha and beta given: PyTorch's {@code nn.Linear}. */
        GEMM_TRANSPOSED,
        /** {@code Add(b, MatMul(x, W))}, the bias of shape {@code (1, out)} first. */
        MATMUL_ADD
    }

    /** Operators Tribuo's list has not. */
    private record Op(String getOpName, int getNumInputs, Map<String, ONNXAttribute> getAttributes) implements ONNXOperator {
        @Override
        public int getNumOptionalInputs() {
            return 0;
        }

        @Override
        public int getNumOutputs() {
            return 1;
        }

        @Override
        public Set<String> getMandatoryAttributeNames() {
            return Set.of();
        }

        @Override
        public int getOpVersion() {
            return ONNXOperators.getOpsetVersion();
        }

        @Override
        public String getOpDomain() {
            return null;
        }
    }

    static final ONNXOperator MATMUL = new Op("MatMul", 2, Map.of());
    static final ONNXOperator CONSTANT = new Op("Constant", 0,
            Map.of("value", new ONNXAttribute("value", OnnxMl.AttributeProto.AttributeType.TENSOR, true)));

    private OnnxVariants() {
    }

    /**
     * @param constants weights as {@code Constant} nodes holding {@code float_data}, not initializers holding {@code raw_data}
     * @param softmax   whether the graph ends with a {@code Softmax} (its output {@code output}), or with the last layer
     */
    static OnnxMl.ModelProto model(Network network, Layer layer, boolean constants, boolean softmax) {
        LayerSizes sizes = network.sizes();
        ONNXContext onnx = new ONNXContext();
        ONNXRef<?> x = onnx.floatInput("x", sizes.inputSize());
        ONNXRef<?> a = x;
        for (int i = 0; i < sizes.layerCount(); i++) {
            int in = sizes.size(i);
            int out = sizes.size(i + 1);
            float[] w = network.weights(i);
            switch (layer) {
                case GEMM -> a = x.apply(ONNXOperators.GEMM, List.of(
                        tensor(onnx, "fc" + i + ".weight", List.of(in, out), w, constants),
                        tensor(onnx, "fc" + i + ".bias", List.of(out), network.biases(i), constants)), "fc" + i);
                case GEMM_TRANSPOSED -> a = x.apply(ONNXOperators.GEMM, List.of(
                        tensor(onnx, "fc" + i + ".weight", List.of(out, in), transpose(w, in, out), constants),
                        tensor(onnx, "fc" + i + ".bias", List.of(out), network.biases(i), constants)),
                        List.of("fc" + i), Map.of("alpha", 1f, "beta", 1f, "transB", 1)).get(0);
                case MATMUL_ADD -> {
                    ONNXRef<?> product = x.apply(MATMUL, tensor(onnx, "coefficient" + i, List.of(in, out), w, constants));
                    a = tensor(onnx, "intercept" + i, List.of(1, out), network.biases(i), constants).apply(ONNXOperators.ADD, product);
                }
            }
            if (i + 1 < sizes.layerCount()) {
                x = a.apply(ONNXOperators.SIGMOID);
            }
        }
        (softmax ? a.apply(ONNXOperators.SOFTMAX, Map.of("axis", -1)) : a).assignTo(onnx.floatOutput("output", sizes.outputSize()));
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setProducerName("another exporter")
                .setGraph(onnx.buildGraph())
                .build();
    }

    private static ONNXRef<?> tensor(ONNXContext onnx, String name, List<Integer> dims, float[] values, boolean constant) {
        if (!constant) {
            return onnx.floatTensor(name, dims, buffer -> buffer.put(values));
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        dims.forEach(d -> t.addDims(d));
        for (float v : values) {
            t.addFloatData(v);
        }
        return onnx.operation(CONSTANT, List.<ONNXRef<?>>of(), name, Map.of("value", t.build()));
    }

    /** @return {@code w} ({@code in × out}) as {@code out × in} */
    static float[] transpose(float[] w, int in, int out) {
        float[] t = new float[w.length];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < out; c++) {
                t[c * in + r] = w[r * out + c];
            }
        }
        return t;
    }
}
