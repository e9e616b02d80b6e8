package scratchnet.jobs.training;

import java.io.Serializable;

import scratchnet.core.net.Optimizer;

/**
 * What a round broadcasts: the weights it starts from and, for local steps, the optimizer's state.
 *
 * @param params the weights, in key order
 * @param state  the optimizer's state arrays by state name order, each in key order; {@code null}
 *               for one synchronous step or before the optimizer's first update
 */
public record RoundWeights(float[][] params, float[][][] state) implements Serializable {

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
