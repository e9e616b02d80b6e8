package scratchnet.jobs.training;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The weights broadcast for the current round, one at a time: broadcasting the next round's
 * destroys the previous round's, whose tasks have ended.
 */
final class RoundBroadcast implements AutoCloseable {
    private final JavaSparkContext sc;
    private Broadcast<RoundWeights> current;

    RoundBroadcast(JavaSparkContext sc) {
        this.sc = sc;
    }

    /** @return the broadcast of the next round's weights */
    Broadcast<RoundWeights> next(RoundWeights weights) {
        Broadcast<RoundWeights> b = sc.broadcast(weights);
        close();
        current = b;
        return b;
    }

    /** Destroys the last broadcast. */
    @Override
    public void close() {
        if (current != null) {
            current.destroy();
            current = null;
        }
    }
}
