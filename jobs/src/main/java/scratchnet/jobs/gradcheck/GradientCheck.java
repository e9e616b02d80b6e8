package scratchnet.jobs.gradcheck;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import scratchnet.core.data.MnistSet;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Network64;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.MnistBatch;

/**
 * The book's {@code gradient_check.py} as a Spark job: the backprop gradient of the loss on some
 * images against the numerical gradient (central differences, float64) of every parameter. The
 * numerical gradient, two loss evaluations per parameter, is spread over Spark tasks, each
 * perturbing its own slice of the parameters in its own copy of the network.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /** What every task needs: the network in float64 and the images. */
    public static final class Input implements Serializable {
        private static final long serialVersionUID = 1L;
        final LayerSizes sizes;
        final double[][] params;
        final double[] x;
        final int[] t;

        Input(LayerSizes sizes, double[][] params, double[] x, int[] t) {
            this.sizes = sizes;
            this.params = params;
            this.x = x;
            this.t = t;
        }
    }

    /** The numerical gradient of parameters {@code from …}. */
    public static final class Slice implements Serializable {
        private static final long serialVersionUID = 1L;
        final int from;
        final double[] values;

        Slice(int from, double[] values) {
            this.from = from;
            this.values = values;
        }
    }

    /**
     * The result: backprop and numerical gradient, and how far apart they are.
     *
     * @param backprop  the gradient by backpropagation
     * @param numerical the numerical gradient
     * @param meanAbs   mean absolute difference per key
     * @param maxAbs    largest absolute difference per key
     */
    public record Result(Network64 backprop, Network64 numerical, Map<String, Double> meanAbs, Map<String, Double> maxAbs) {
    }

    /**
     * Runs the check.
     *
     * @param batch the images and labels
     * @param tasks how many slices the parameters are cut into
     */
    public static Result check(JavaSparkContext sc, Network network, MnistBatch batch, int tasks) {
        int n = batch.count();
        float[] xf = MnistSet.normalize(batch.images(), 0, batch.images().length);
        double[] x = new double[xf.length];
        for (int i = 0; i < xf.length; i++) {
            x[i] = xf[i];
        }
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = batch.labels()[i];
        }
        Network64 net = Network64.of(network);
        Network64 backprop = net.gradient(x, t, n);

        int total = net.parameterCount();
        int parts = Math.max(1, Math.min(tasks, total));
        List<int[]> slices = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            slices.add(new int[] {(int) ((long) total * p / parts), (int) ((long) total * (p + 1) / parts)});
        }
        double[][] params = new double[net.arrayCount()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = net.array(i);
        }
        Broadcast<Input> input = sc.broadcast(new Input(net.sizes(), params, x, t));
        List<Slice> computed;
        try {
            computed = sc.parallelize(slices, parts).map(slice -> {
                Input in = input.value();
                double[][] own = new double[in.params.length][];
                for (int i = 0; i < own.length; i++) {
                    own[i] = in.params[i].clone();
                }
                Network64 mine = new Network64(in.sizes, own);
                return new Slice(slice[0], mine.numericalGradient(slice[0], slice[1], in.x, in.t, in.t.length));
            }).collect();
        } finally {
            // blocking (Scala's package-private overload, public in the bytecode): an asynchronous
            // removal finishing after the context stops makes Spark print a RejectedExecutionException
            input.destroy(true);
        }
        double[] flat = new double[total];
        for (Slice s : computed) {
            System.arraycopy(s.values, 0, flat, s.from, s.values.length);
        }
        Network64 numerical = net.withValues(flat);
        return new Result(backprop, numerical, backprop.meanAbsDiff(numerical), backprop.maxAbsDiff(numerical));
    }
}
