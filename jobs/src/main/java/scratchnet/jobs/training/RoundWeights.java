package scratchnet.jobs.training;

import java.io.Serializable;

import scratchnet.core.net.Optimizer;

/** What a round broadcasts: the weights it starts from and, for local steps, the optimizer's state (by state name, in order). */
public final class RoundWeights implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The weights, in key order. */
    final float[][] params;
    /** The optimizer's state arrays, each in key order; {@code null} for one synchronous step or a stateless optimizer. */
    final float[][][] state;

    RoundWeights(float[][] params, float[][][] state) {
        this.params = params;
        this.state = state;
    }

    /** @return the weights with the optimizer's state arrays (none before its first update), taken as they are */
    static RoundWeights withState(float[][] params, Optimizer optimizer) {
        if (optimizer.state().isEmpty()) {
            return new RoundWeights(params, null);
        }
        float[][][] state = new float[optimizer.stateNames().size()][][];
        int i = 0;
        for (String name : optimizer.stateNames()) {
            state[i++] = optimizer.state().get(name);
        }
        return new RoundWeights(params, state);
    }
}
