package scratchnet.jobs.training;

import java.io.Serializable;
import java.net.InetSocketAddress;

/**
 * What a synchronous round asks of its tasks, beside the steps themselves ({@link RoundSpec}).
 *
 * @param steps         the round's steps: the settings, the shares, the first step
 * @param hub           where the driver's {@link RoundHub} listens
 * @param countAccuracy whether the tasks first count the accuracy of the starting weights
 * @param timeoutMillis the longest any task waits for the others or for the hub
 */
record SyncRoundSpec(RoundSpec steps, InetSocketAddress hub, boolean countAccuracy, long timeoutMillis)
        implements Serializable {
}
