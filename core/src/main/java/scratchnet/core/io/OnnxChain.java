package scratchnet.core.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.NdArray;

/**
 * Follows an ONNX graph's nodes, in their order, along the one chain this network is: from the
 * input, layer after layer ({@code Gemm}, or {@code MatMul} then {@code Add}), a {@code Sigmoid}
 * between layers, a {@code Softmax} or nothing at the end; {@code Identity} renames a value and
 * {@code Constant} makes a tensor. The first node that does not fit ends the walk with a
 * {@link BadInputException} naming it.
 */
final class OnnxChain {
    /** What the chain's last value is: the next layer's input, a layer's output, or the softmax. */
    private enum Kind { ACTIVATION, LAYER, PROBABILITY }

    private final String source;
    /** The most values all layers may hold together: a tensor used by many layers is read as many times. */
    private final long maxValues;
    private long values;
    private final Map<String, OnnxMl.TensorProto> tensors = new HashMap<>();
    /** The chain's values by name, each with the step of the chain it is (aliases share a step). */
    private final Map<String, Integer> steps = new HashMap<>();
    private final Set<String> defined = new HashSet<>();
    private final List<F32Array> weights = new ArrayList<>();
    private final List<F32Array> biases = new ArrayList<>();
    private int step;
    private String stepName;
    private Kind kind = Kind.ACTIVATION;
    /** The width of the chain's last value; -1 while the input's is not known. */
    private int width;
    /** The step of the last layer's output, its bias added. */
    private int logits = -1;
    private String lastSigmoid;
    private String where;

    /**
     * @param input        the graph's input
     * @param width        its declared width, or -1
     * @param initializers the graph's initializers by name
     * @param maxValues    the most values the layers may hold together (the file's size bounds the memory they take)
     * @param source       the file, for messages
     */
    OnnxChain(String input, int width, Map<String, OnnxMl.TensorProto> initializers, long maxValues, String source) {
        this.source = source;
        this.maxValues = maxValues;
        this.width = width;
        this.stepName = input;
        this.tensors.putAll(initializers);
        steps.put(input, 0);
        defined.add(input);
        defined.addAll(initializers.keySet());
    }

    /** Takes the graph's next node. */
    void node(int index, OnnxMl.NodeProto node) {
        String op = node.getOpType();
        where = source + ": node " + index + " (" + Printable.of(op) + " '" + Printable.of(node.getName()) + "')";
        if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
            throw fail("operator domain '" + Printable.of(node.getDomain()) + "' is not ONNX's own");
        }
        switch (op) {
            case "Constant" -> constant(node);
            case "Identity" -> identity(node);
            case "Gemm" -> gemm(node);
            case "MatMul" -> matMul(node);
            case "Add" -> add(node);
            case "Sigmoid" -> sigmoid(node);
            case "Softmax" -> softmax(node);
            default -> throw fail(Printable.of(op) + " is none of this network's operators (Gemm, MatMul and Add, Sigmoid, Softmax)");
        }
    }

    /**
     * @param outputs the graph's outputs
     * @return the layers' weights and biases as {@code W1, b1, W2, …}, {@code W} of shape {@code in × out}
     * @throws BadInputException when the chain has no layer, ends on a Sigmoid, or an output is not its logits or softmax
     */
    Map<String, NdArray> layers(List<String> outputs) {
        if (weights.isEmpty()) {
            throw new BadInputException(source + ": no layer (a Gemm or MatMul node) takes the input");
        }
        if (kind == Kind.ACTIVATION) {
            throw new BadInputException(lastSigmoid + ": the last layer's Sigmoid; this network ends with a Softmax or with the layer itself");
        }
        if (outputs.isEmpty()) {
            throw new BadInputException(source + ": the graph has no output");
        }
        for (String output : outputs) {
            Integer at = steps.get(output);
            if (at == null || (at != logits && !(kind == Kind.PROBABILITY && at == step))) {
                throw new BadInputException(source + ": output '" + Printable.of(output) + "' is neither the last layer's output nor its Softmax");
            }
        }
        completeLayer();
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            arrays.put("W" + (i + 1), weights.get(i));
            arrays.put("b" + (i + 1), biases.get(i));
        }
        return arrays;
    }

    private void constant(OnnxMl.NodeProto node) {
        arity(node, 0, 0);
        if (node.getAttributeCount() != 1 || !node.getAttribute(0).getName().equals("value") || !node.getAttribute(0).hasT()) {
            throw fail("only a Constant of one tensor 'value' is read");
        }
        tensors.put(node.getOutput(0), node.getAttribute(0).getT());
    }

    private void identity(OnnxMl.NodeProto node) {
        arity(node, 1, 1);
        require(node.getAttributeCount() == 0, "Identity has no attributes");
        String in = node.getInput(0);
        if (steps.containsKey(in)) {
            steps.put(node.getOutput(0), steps.get(in));
        } else if (tensors.containsKey(in)) {
            tensors.put(node.getOutput(0), tensors.get(in));
        } else {
            throw fail("its input '" + Printable.of(in) + "' is not defined before it");
        }
    }

    private void gemm(OnnxMl.NodeProto node) {
        arity(node, 2, 3);
        boolean transB = false;
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            switch (a.getName()) {
                case "alpha", "beta" -> require(a.getType() == OnnxMl.AttributeProto.AttributeType.FLOAT && a.getF() == 1f,
                        a.getName() + " is " + a.getF() + "; only 1 is read");
                case "transA" -> require(a.getType() == OnnxMl.AttributeProto.AttributeType.INT && a.getI() == 0,
                        "transA is " + a.getI() + "; only 0 is read");
                case "transB" -> {
                    require(a.getType() == OnnxMl.AttributeProto.AttributeType.INT && (a.getI() == 0 || a.getI() == 1),
                            "transB is " + a.getI() + "; only 0 or 1 is read");
                    transB = a.getI() == 1;
                }
                default -> throw fail("attribute '" + Printable.of(a.getName()) + "' is not read");
            }
        }
        chainInput(node, 0, Kind.ACTIVATION);
        F32Array w = matrix(node.getInput(1), transB);
        F32Array b = node.getInputCount() == 3 && !node.getInput(2).isEmpty() ? bias(node.getInput(2), w.shape()[1]) : null;
        addLayer(w, b, node);
    }

    private void matMul(OnnxMl.NodeProto node) {
        arity(node, 2, 2);
        require(node.getAttributeCount() == 0, "MatMul has no attributes");
        chainInput(node, 0, Kind.ACTIVATION);
        addLayer(matrix(node.getInput(1), false), null, node);
    }

    private void add(OnnxMl.NodeProto node) {
        arity(node, 2, 2);
        int chain = steps.containsKey(node.getInput(0)) ? 0 : 1;
        chainInput(node, chain, Kind.LAYER);
        require(biases.get(biases.size() - 1) == null, "a second bias for the same layer");
        biases.set(biases.size() - 1, bias(node.getInput(1 - chain), width));
        advance(node, Kind.LAYER);
        logits = step;
    }

    private void sigmoid(OnnxMl.NodeProto node) {
        arity(node, 1, 1);
        require(node.getAttributeCount() == 0, "Sigmoid has no attributes");
        chainInput(node, 0, Kind.LAYER);
        completeLayer();
        advance(node, Kind.ACTIVATION);
        lastSigmoid = where;
    }

    private void softmax(OnnxMl.NodeProto node) {
        arity(node, 1, 1);
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            require(a.getName().equals("axis") && a.getType() == OnnxMl.AttributeProto.AttributeType.INT && (a.getI() == -1 || a.getI() == 1),
                    "only a Softmax over the classes (axis -1 or 1) is read");
        }
        chainInput(node, 0, Kind.LAYER);
        advance(node, Kind.PROBABILITY);
    }

    private void addLayer(F32Array w, F32Array b, OnnxMl.NodeProto node) {
        weights.add(w);
        biases.add(b);
        width = w.shape()[1];
        advance(node, Kind.LAYER);
        logits = step;
    }

    /** A layer without an Add or a Gemm's third input has zero biases. */
    private void completeLayer() {
        int last = biases.size() - 1;
        if (biases.get(last) == null) {
            biases.set(last, new F32Array(new int[] {width}, new float[width]));
        }
    }

    private void chainInput(OnnxMl.NodeProto node, int input, Kind expected) {
        String name = node.getInput(input);
        Integer at = steps.get(name);
        if (at == null) {
            throw fail("its input '" + Printable.of(name) + "' is not the network's data (its input, a layer or a Sigmoid)");
        }
        if (at != step) {
            throw fail("it takes '" + Printable.of(name) + "', an earlier value than '" + Printable.of(stepName) + "': the graph branches");
        }
        if (kind != expected) {
            throw fail(switch (kind) {
                case ACTIVATION -> "it takes '" + Printable.of(name) + "', not a layer's output";
                case LAYER -> "a layer's output goes into it without a Sigmoid between";
                case PROBABILITY -> "it comes after the Softmax, which ends this network";
            });
        }
    }

    private void advance(OnnxMl.NodeProto node, Kind next) {
        step++;
        stepName = node.getOutput(0);
        steps.put(stepName, step);
        kind = next;
    }

    /** @return a weight matrix as {@code in × out}, {@code in} the width of the chain so far */
    private F32Array matrix(String name, boolean transposed) {
        F32Array m = tensor(name, "weights");
        if (m.shape().length != 2) {
            throw fail("its weights '" + Printable.of(name) + "' have shape " + m.shapeText() + ", not a matrix");
        }
        int rows = m.shape()[0];
        int cols = m.shape()[1];
        int in = transposed ? cols : rows;
        if (width >= 0 && in != width) {
            throw fail("its weights take " + in + " inputs, the layer before gives " + width);
        }
        if (!transposed) {
            return m;
        }
        float[] t = new float[m.data().length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m.data()[r * cols + c];
            }
        }
        return new F32Array(new int[] {cols, rows}, t);
    }

    private F32Array bias(String name, int out) {
        F32Array b = tensor(name, "bias");
        int[] s = b.shape();
        if (!(s.length == 1 && s[0] == out) && !(s.length == 2 && s[0] == 1 && s[1] == out)) {
            throw fail("its bias '" + Printable.of(name) + "' has shape " + b.shapeText() + ", not (" + out + ",) or (1, " + out + ")");
        }
        return new F32Array(new int[] {out}, b.data());
    }

    private F32Array tensor(String name, String role) {
        OnnxMl.TensorProto t = tensors.get(name);
        if (t == null) {
            throw fail("'" + Printable.of(name) + "' (its " + role + ") is neither an initializer nor a Constant");
        }
        F32Array a = OnnxTensors.floats(t, where + ": " + role + " '" + Printable.of(name) + "'");
        values += a.data().length;
        if (values > maxValues) {
            throw fail("the layers so far hold " + values + " values, more than the file's " + maxValues + " bytes: tensors used again and again");
        }
        return a;
    }

    /** Checks the counts of inputs and outputs, and that the output is a new name. */
    private void arity(OnnxMl.NodeProto node, int minInputs, int maxInputs) {
        require(node.getInputCount() >= minInputs && node.getInputCount() <= maxInputs && node.getOutputCount() == 1,
                node.getInputCount() + " inputs and " + node.getOutputCount() + " outputs");
        require(defined.add(node.getOutput(0)), "its output '" + Printable.of(node.getOutput(0)) + "' is defined before it");
    }

    private void require(boolean fits, String reason) {
        if (!fits) {
            throw fail(reason);
        }
    }

    private BadInputException fail(String reason) {
        return new BadInputException(where + ": " + reason);
    }
}
