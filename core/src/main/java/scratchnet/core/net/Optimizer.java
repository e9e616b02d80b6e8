package scratchnet.core.net;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import scratchnet.core.BadInputException;

/**
 * The book's optimizers (chapter 6, {@code common/optimizer.py}): {@code update(params, grads)}
 * changes the parameters in place, element by element, so they work on any layout of the arrays
 * (the kernel's padded one too). State ({@code v}, {@code h}, {@code m}) is created on the first
 * update, as the book's {@code if self.v is None}, shaped as the parameters; it can be read and
 * restored, for checkpoints and for averaging models trained in parallel.
 *
 * <p>Arithmetic is float32 like the parameters, as NumPy does it on {@code float32} arrays with
 * Python-float hyper-parameters; scalars such as Adam's bias-corrected rate are computed in double.
 */
public abstract class Optimizer {

    /** The book's optimizers by their command-line names: the one list of them. */
    public enum Kind {
        /** {@link Sgd}, the book's chapter 4 rate 0.1 by default (the NumPy reference's too). */
        SGD(0.1),
        /** {@link Momentum}, 0.1 by default. */
        MOMENTUM(0.1),
        /** {@link AdaGrad}, the book's chapter 6 rate 0.01 by default. */
        ADAGRAD(0.01),
        /** {@link Adam}, the book's chapter 6 rate 0.001 by default. */
        ADAM(0.001);

        private final double defaultLr;

        Kind(double defaultLr) {
            this.defaultLr = defaultLr;
        }

        /** @return the learning rate when none is given */
        public double defaultLr() {
            return defaultLr;
        }

        /**
         * @param lr the learning rate
         * @return a fresh optimizer of this kind
         * @throws BadInputException on a bad rate
         */
        public Optimizer create(double lr) {
            return switch (this) {
                case SGD -> new Sgd(lr);
                case MOMENTUM -> new Momentum(lr);
                case ADAGRAD -> new AdaGrad(lr);
                case ADAM -> new Adam(lr);
            };
        }

        /** @return the command-line name: {@code sgd}, {@code momentum}, {@code adagrad} or {@code adam} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return {@link #label()}: how settings files and messages name it */
        @Override
        public String toString() {
            return label();
        }

        /**
         * @param label a command-line name
         * @throws BadInputException on an unknown name
         */
        public static Kind parse(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            throw new BadInputException("unknown optimizer '" + label + "' (optimizers: "
                    + String.join(", ", Arrays.stream(values()).map(Kind::label).toList()) + ")");
        }
    }

    /** The learning rate. */
    protected final double lr;
    private final Kind kind;
    private final Map<String, float[][]> state = new LinkedHashMap<>();
    private long steps;

    /** @throws BadInputException when {@code lr} is not a positive finite number */
    protected Optimizer(Kind kind, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new BadInputException("the learning rate must be a positive number, got " + lr);
        }
        this.kind = kind;
        this.lr = lr;
    }

    /** @return which of the book's optimizers this is */
    public final Kind kind() {
        return kind;
    }

    /** @return the names of the state arrays this optimizer keeps, in order */
    public abstract List<String> stateNames();

    /** @return the learning rate */
    public double lr() {
        return lr;
    }

    /** @return updates made so far (Adam's {@code iter}) */
    public long steps() {
        return steps;
    }

    /**
     * The book's {@code update(params, grads)}.
     *
     * @param params the parameters, changed in place
     * @param grads  their gradient, arrays shaped as {@code params}
     */
    public final void update(float[][] params, float[][] grads) {
        if (state.isEmpty()) {
            for (String s : stateNames()) {
                float[][] zeros = new float[params.length][];
                for (int i = 0; i < params.length; i++) {
                    zeros[i] = new float[params[i].length];
                }
                state.put(s, zeros);
            }
        }
        steps++;
        for (int i = 0; i < params.length; i++) {
            apply(i, params[i], grads[i]);
        }
    }

    /** Updates one parameter array; state arrays are {@link #state(String) state(name)[i]}. */
    protected abstract void apply(int i, float[] p, float[] g);

    /** @return state array set {@code name}, as the update uses it */
    protected final float[][] state(String name) {
        return state.get(name);
    }

    /** @return the state arrays by name (empty before the first update); the arrays themselves */
    public Map<String, float[][]> state() {
        return Collections.unmodifiableMap(state);
    }

    /**
     * Puts back saved state, taking the arrays as they are.
     *
     * @param saved state by name: all of {@link #stateNames()}, or none (before a first update)
     * @param steps updates made so far
     */
    public void restore(Map<String, float[][]> saved, long steps) {
        state.clear();
        if (!saved.isEmpty()) {
            for (String s : stateNames()) {
                float[][] a = saved.get(s);
                if (a == null) {
                    throw new BadInputException(kind + " state '" + s + "' is missing (have " + saved.keySet() + ")");
                }
                state.put(s, a);
            }
        }
        this.steps = steps;
    }

    /** {@code params[key] -= lr * grads[key]}. */
    public static final class Sgd extends Optimizer {
        /** @param lr the learning rate */
        public Sgd(double lr) {
            super(Kind.SGD, lr);
        }

        @Override
        public List<String> stateNames() {
            return List.of();
        }

        @Override
        protected void apply(int i, float[] p, float[] g) {
            float r = (float) lr;
            for (int k = 0; k < p.length; k++) {
                p[k] -= r * g[k];
            }
        }
    }

    /** {@code v = momentum * v - lr * grads[key]; params[key] += v}, momentum 0.9. */
    public static final class Momentum extends Optimizer {
        /** The book's default momentum. */
        public static final double MOMENTUM = 0.9;

        /** @param lr the learning rate */
        public Momentum(double lr) {
            super(Kind.MOMENTUM, lr);
        }

        @Override
        public List<String> stateNames() {
            return List.of("v");
        }

        @Override
        protected void apply(int i, float[] p, float[] g) {
            float[] v = state("v")[i];
            float r = (float) lr;
            float m = (float) MOMENTUM;
            for (int k = 0; k < p.length; k++) {
                v[k] = m * v[k] - r * g[k];
                p[k] += v[k];
            }
        }
    }

    /** {@code h += grads[key]²; params[key] -= lr * grads[key] / (sqrt(h) + 1e-7)}. */
    public static final class AdaGrad extends Optimizer {
        /** @param lr the learning rate */
        public AdaGrad(double lr) {
            super(Kind.ADAGRAD, lr);
        }

        @Override
        public List<String> stateNames() {
            return List.of("h");
        }

        @Override
        protected void apply(int i, float[] p, float[] g) {
            float[] h = state("h")[i];
            float r = (float) lr;
            for (int k = 0; k < p.length; k++) {
                h[k] += g[k] * g[k];
                p[k] -= r * g[k] / ((float) Math.sqrt(h[k]) + 1e-7f);
            }
        }
    }

    /**
     * Adam as the book's chapter 6 writes it (and the NumPy reference script): bias correction
     * folded into the rate, {@code lr_t = lr · sqrt(1 - β2^t) / (1 - β1^t)};
     * {@code m += (1 - β1)(g - m)}; {@code v += (1 - β2)(g² - v)};
     * {@code params -= lr_t · m / (sqrt(v) + 1e-7)}; β1 = 0.9, β2 = 0.999.
     */
    public static final class Adam extends Optimizer {
        /** The book's β1. */
        public static final double BETA1 = 0.9;
        /** The book's β2. */
        public static final double BETA2 = 0.999;

        /** @param lr the learning rate */
        public Adam(double lr) {
            super(Kind.ADAM, lr);
        }

        @Override
        public List<String> stateNames() {
            return List.of("m", "v");
        }

        @Override
        protected void apply(int i, float[] p, float[] g) {
            float[] m = state("m")[i];
            float[] v = state("v")[i];
            long t = steps();
            float lrT = (float) (lr * Math.sqrt(1.0 - Math.pow(BETA2, t)) / (1.0 - Math.pow(BETA1, t)));
            float a = (float) (1.0 - BETA1);
            float b = (float) (1.0 - BETA2);
            for (int k = 0; k < p.length; k++) {
                m[k] += a * (g[k] - m[k]);
                v[k] += b * (g[k] * g[k] - v[k]);
                p[k] -= lrT * m[k] / ((float) Math.sqrt(v[k]) + 1e-7f);
            }
        }
    }
}
