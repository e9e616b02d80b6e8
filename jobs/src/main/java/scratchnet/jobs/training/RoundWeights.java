package scratchnet.jobs.training;

import java.io.Serializable;

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
}
