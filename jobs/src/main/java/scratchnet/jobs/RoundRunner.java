package scratchnet.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;

/**
 * Training rounds as Spark jobs, one at a time, each submitted from a driver thread of its own
 * ({@link BackgroundJobs}): while a round runs, the training loop settles the accuracy of the epoch
 * before it (and writes that epoch's checkpoint), and when that accuracy reaches the target it
 * cancels the round instead of waiting for work it will throw away.
 *
 * <p>A round broadcasts the weights (destroying the previous round's broadcast), runs the
 * partitions' work ({@link TrainingTasks}) as one job ({@link PartitionFunction}), adds the
 * partitions' results in an order-independent sum ({@link CompensatedSum}) and reads it back.
 */
final class RoundRunner implements AutoCloseable {
    /**
     * What a round's job returned, read: the averaged model and optimizer state (local steps) or the
     * summed gradient (one step), the loss of every step, and the first step whose loss is not finite.
     */
    record Round(float[][] model, Map<String, float[][]> state, float[][] gradient, double[] losses, String divergence, long nanos) {
    }

    private final JavaSparkContext sc;
    private final TrainingSettings s;
    private final TrainingData data;
    private final BackgroundJobs jobs;
    /** The weights broadcast for the last round: destroyed when the next is broadcast. */
    private Broadcast<TrainingTasks.RoundState> lastWeights;

    RoundRunner(JavaSparkContext sc, BackgroundJobs jobs, TrainingSettings settings, TrainingData data) {
        this.sc = sc;
        this.jobs = jobs;
        this.s = settings;
        this.data = data;
    }

    /**
     * Starts the round of steps {@code it+1 … it+steps} from these weights and the optimizer's
     * state, which must not change until the round has ended.
     */
    BackgroundJobs.Handle<Round> start(float[][] params, Optimizer opt, long it, int steps, int[] shares) {
        float[][][] state = s.localSteps() > 1 ? stateArrays(opt) : null;
        long optimizerSteps = opt.steps();
        return jobs.start("train: steps " + (it + 1) + "-" + (it + steps), () -> run(params, state, opt, optimizerSteps, it, steps, shares));
    }

    private Round run(float[][] params, float[][][] state, Optimizer opt, long optimizerSteps, long it, int steps, int[] shares) {
        boolean averaging = s.localSteps() > 1;
        long start = System.nanoTime();
        Broadcast<TrainingTasks.RoundState> weights = sc.broadcast(new TrainingTasks.RoundState(params, state));
        if (lastWeights != null) {
            lastWeights.destroy();
        }
        lastWeights = weights;
        TrainingTasks.RoundSpec spec = new TrainingTasks.RoundSpec(s.sizes(), s.optimizer(), s.lr(), s.seed(), s.batchSize(),
                shares, it, steps, optimizerSteps, averaging, s.sampling().equals("shuffle"), s.iterationsPerEpoch());
        CompensatedSum sum = CompensatedSum.empty();
        for (CompensatedSum part : PartitionFunction.run(sc, data.train, new TrainingTasks.Round(spec, weights), CompensatedSum.class)) {
            sum = sum.add(part);
        }
        double[] v = sum.values();
        double[] losses = new double[steps];
        float[][] model = null;
        Map<String, float[][]> nextState = null;
        float[][] gradient = null;
        if (averaging) {
            model = Params.copy(params);
            int at = TrainingTasks.take(v, 0, model, s.batchSize());
            nextState = new LinkedHashMap<>();
            for (String name : opt.stateNames()) {
                float[][] a = Params.copy(params);
                at = TrainingTasks.take(v, at, a, s.batchSize());
                nextState.put(name, a);
            }
            for (int k = 0; k < steps; k++) {
                losses[k] = v[at + k] / s.batchSize();
            }
        } else {
            gradient = Params.copy(params);
            TrainingTasks.take(v, 0, gradient, 1);
            losses[0] = v[v.length - 1] / s.batchSize();
        }
        String divergence = null;
        for (int k = 0; k < steps && divergence == null; k++) {
            if (!Double.isFinite(losses[k])) {
                divergence = (it + k + 1) + ": the loss is " + losses[k];
            }
        }
        return new Round(model, nextState, gradient, losses, divergence, System.nanoTime() - start);
    }

    /** Destroys the last broadcast; call with no round in flight. */
    @Override
    public void close() {
        if (lastWeights != null) {
            lastWeights.destroy();
            lastWeights = null;
        }
    }

    private static float[][][] stateArrays(Optimizer opt) {
        if (opt.state().isEmpty()) {
            return null;
        }
        float[][][] out = new float[opt.stateNames().size()][][];
        int i = 0;
        for (String name : opt.stateNames()) {
            out[i++] = opt.state().get(name);
        }
        return out;
    }
}
