package scratchnet.jobs.training.sync;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;

import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

import scratchnet.core.data.SparseImages;
import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.BatchGradient;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.jobs.training.Hits;
import scratchnet.jobs.training.PartitionSteps;
import scratchnet.jobs.training.RoundEngine;
import scratchnet.jobs.training.ShardSampling;
import scratchnet.jobs.training.TrainingSettings;

/**
 * A task of a synchronous round, in a barrier stage (all the round's tasks run at once): on its
 * partition of the training set and of the test set, it counts the epoch's accuracy when asked,
 * tells the driver's {@link RoundHub} where it listens, and, when the round goes on, takes the
 * round's steps with the other tasks ({@link #steps}): in shared memory when they all run in its
 * JVM ({@link SharedSum}), else over direct connections ({@link PeerExchange}, {@link StepSum}).
 * What it sends is written in {@link RoundProtocol}. A named class, not a lambda: Spark's closure
 * cleaner then passes it without parsing its bytecode.
 */
final class SyncRoundTask extends AbstractFunction1<Iterator<Tuple2<SparseImages, SparseImages>>, Iterator<SyncRoundTask.Result>>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Spec spec;
    private final Broadcast<RoundEngine.Weights> weights;

    /**
     * What a synchronous round asks of its tasks, beside the steps themselves.
     *
     * @param round         the round's steps: the settings, the shares, the first step
     * @param hub           where the driver's {@link RoundHub} listens
     * @param countAccuracy whether the tasks first count the accuracy of the starting weights
     * @param timeoutMillis the longest any task waits for the others or for the hub
     * @param exchange      how the round's connections are made: its key, its encryption, its ports
     */
    record Spec(RoundEngine.Spec round, InetSocketAddress hub, boolean countAccuracy, long timeoutMillis, Exchange exchange)
            implements Serializable {
    }

    /**
     * How a round's connections are made and kept.
     *
     * @param key             the round's key, which every connection proves it holds ({@link Handshake})
     * @param encrypt         whether every message after the handshake is sealed ({@link SessionCipher})
     * @param ports           the ports the tasks listen on
     * @param handshakeMillis how long a connection has to authenticate before it is dropped
     * @param sharedMemory    whether tasks that all run in one JVM add their sums in its memory ({@link SharedSum})
     */
    record Exchange(RoundKey key, boolean encrypt, ExchangePorts ports, long handshakeMillis, boolean sharedMemory) implements Serializable {
    }

    /**
     * What a task returns. Every task ends with the same weights; only the first returns them,
     * with the optimizer's state.
     *
     * @param partition     the task's partition
     * @param losses        the mean loss of each step taken
     * @param divergence    {@code "<step>: <what>"} for a step whose loss or weights were not finite (the round stopped there), else {@code null}
     * @param params        the weights after the round, in key order (first task only, else {@code null})
     * @param state         the optimizer's state arrays by state name order (first task only; {@code null} for a stateless optimizer)
     * @param computeNanos  time the task spent computing its steps
     * @param exchangeNanos time it spent adding its sums with the other tasks' ({@link StepSums}: waiting for them, sending, receiving, adding)
     * @param countNanos    time it spent counting and reporting the accuracy at the epochs inside the round
     */
    record Result(int partition, double[] losses, String divergence, float[][] params, float[][][] state, long computeNanos,
                  long exchangeNanos, long countNanos) implements Serializable {
    }

    SyncRoundTask(Spec spec, Broadcast<RoundEngine.Weights> weights) {
        this.spec = spec;
        this.weights = weights;
    }

    @Override
    public Iterator<Result> apply(Iterator<Tuple2<SparseImages, SparseImages>> elements) {
        BarrierTaskContext task = BarrierTaskContext.get();
        int partition = task.partitionId();
        Tuple2<SparseImages, SparseImages> parts = elements.next();
        RoundEngine.Weights start = weights.value();
        TrainingSettings settings = spec.round().settings();
        Hits[] counted = spec.countAccuracy() ? countCorrect(parts, settings, start.params()) : new Hits[] {Hits.NONE, Hits.NONE};
        // listen where Spark says this task's executor is, and nowhere else
        String host = executorHost(task.getTaskInfos()[partition].address());
        Exchange x = spec.exchange();
        int attempt = task.stageAttemptNumber();
        int tasks = spec.round().shares().length;
        int length = settings.sizes().parameterCount();
        try (PeerExchange.Listener listener = new PeerExchange.Listener(InetAddress.getByName(host), x.ports(), partition, attempt, x.key(),
                x.encrypt(), x.handshakeMillis());
             SharedSum shared = x.sharedMemory() ? SharedSum.join(x.key().round() + "/" + attempt, tasks, partition, spec.timeoutMillis())
                     : null) {
            // joined before the meeting: once the hub answers, every task of the round has joined or never will
            Result result;
            try (Meeting meeting = meet(new RoundProtocol.Arrival(attempt, partition, listener.address(), spec.countAccuracy(), counted[0],
                    counted[1]))) {
                if (!meeting.answer().go()) {
                    // the target was reached at the epoch the round started from: no steps
                    result = new Result(partition, new double[0], null, null, null, 0, 0, 0);
                } else {
                    try (StepSums adding = shared != null && shared.complete() ? shared
                            : new StepSum(PeerExchange.connect(partition, attempt, listener, meeting.answer().addresses(), x.key(), x.encrypt(),
                            spec.timeoutMillis(), StepSum.messageBytes(tasks, length)), partition, tasks, settings.sizes())) {
                        result = steps(partition, parts._1(), spec.round(), start, adding, epochs(meeting.session(), parts));
                        adding.leave(true);
                    }
                }
            }
            if (shared != null) {
                shared.leave(true);
            }
            return CollectionConverters.asScala(List.of(result).iterator());
        } catch (IOException e) {
            throw new UncheckedIOException("synchronous round, task " + partition + ": " + e.getMessage(), e);
        }
    }

    /** A task's connection to the hub, kept for the round: the hub's answer, then the epochs' reports and decisions. */
    private record Meeting(SocketChannel channel, Handshake.Session session, RoundProtocol.Answer answer) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Where a task reports each epoch's end inside its round, and learns whether the round goes on. */
    interface Epochs {
        /**
         * @param step   the steps done
         * @param params the weights after them, in key order
         * @param loss   the step's mean loss
         * @return whether the round goes on
         */
        boolean report(long step, float[][] params, double loss) throws IOException;
    }

    /** @return the reports of this task: the right predictions on its parts of both sets, to the hub, which answers unless the round ends there */
    private Epochs epochs(Handshake.Session hub, Tuple2<SparseImages, SparseImages> parts) {
        TrainingSettings settings = spec.round().settings();
        long last = spec.round().first() + spec.round().steps();
        return (step, params, loss) -> {
            Hits[] counted = countCorrect(parts, settings, params);
            hub.writeFrame(RoundProtocol.epoch(new RoundProtocol.Epoch(step, counted[0], counted[1], loss)));
            return step == last || RoundProtocol.decision(hub.readFrame(1));
        };
    }

    /**
     * @param params the weights, in key order
     * @return their right predictions on this task's part of the test set, then on its part of the
     *         training set ({@link Hits#NONE} unless the run measures the train accuracy)
     */
    private static Hits[] countCorrect(Tuple2<SparseImages, SparseImages> parts, TrainingSettings settings, float[][] params) {
        Hits test = PartitionSteps.countCorrect(List.of(parts._2()).iterator(), settings.sizes(), params);
        Hits train = settings.trainAccuracy() ? PartitionSteps.countCorrect(List.of(parts._1()).iterator(), settings.sizes(), params) : Hits.NONE;
        return new Hits[] {test, train};
    }

    /**
     * Proves to the hub that this task belongs to the round, tells it who it is and what it
     * counted, and waits for its answer; tries again while its connection is dropped before the hub
     * proved itself (as under a flood of strangers).
     *
     * @return the connection, kept open for the round's epochs
     */
    private Meeting meet(RoundProtocol.Arrival arrival) throws IOException {
        Exchange x = spec.exchange();
        int tasks = spec.round().shares().length;
        long deadline = System.nanoTime() + 1_000_000L * spec.timeoutMillis();
        while (true) {
            // a socket of a channel, not a plain one: Spark kills a task by interrupting it, and only a
            // channel's blocking read gives way to that (a retried stage needs this task's slot)
            SocketChannel channel = SocketChannel.open();
            try {
                Socket hub = channel.socket();
                Handshake.Session session;
                try {
                    hub.connect(spec.hub(), (int) spec.timeoutMillis());
                    hub.setSoTimeout((int) spec.timeoutMillis());
                    session = Handshake.client(hub, x.key(), x.encrypt(), arrival.attempt(), arrival.partition(), Handshake.HUB, false);
                } catch (Handshake.Refused e) {
                    throw e;
                } catch (IOException e) {
                    if (Thread.currentThread().isInterrupted() || System.nanoTime() > deadline) {
                        throw new IOException("could not reach the driver's hub at " + spec.hub() + ": " + e.getMessage(), e);
                    }
                    channel.close();
                    Handshake.pause();
                    continue;
                }
                session.writeFrame(RoundProtocol.arrival(arrival));
                return new Meeting(channel, session, RoundProtocol.answer(session.readFrame(RoundProtocol.maxMessage(tasks)), tasks));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /**
     * The steps of a synchronous round on one partition: at every step this partition's share of
     * the mini-batch gradient and loss are added to the other tasks' ({@link StepSums}), the parts
     * in partition order, exactly as the driver adds a one-step round's parts
     * ({@link CompensatedSum}), so every task applies the same update to the same weights, and
     * the run has the bits of one job per step. At every epoch's end inside the round it reports
     * the weights' accuracy ({@code epochs}), and ends there when told to. The round stops at a
     * step whose loss or weights are not finite.
     *
     * @param start the weights and optimizer state the round starts from
     */
    static Result steps(int partition, SparseImages part, RoundEngine.Spec spec, RoundEngine.Weights start, StepSums adding, Epochs epochs)
            throws IOException {
        TrainingSettings settings = spec.settings();
        int share = spec.shares()[partition];
        BatchGradient kernel = PartitionSteps.kernel(settings.sizes(), Math.max(share, 1));
        float[][] params = kernel.pack(start.params());
        float[][] grads = kernel.zeros();
        Optimizer optimizer = settings.optimizer().create(settings.lr());
        optimizer.restore(PartitionSteps.packedState(kernel, optimizer, start), spec.optimizerSteps());
        int[] picks = new int[share];
        double[] losses = new double[spec.steps()];
        TaskContext task = TaskContext.get();
        long computeNanos = 0;
        long exchangeNanos = 0;
        long countNanos = 0;
        float[][] flat = kernel.flatZeros();
        long[] epochEnds = spec.epochEnds();
        int nextEpoch = 0;
        int taken = spec.steps();
        for (int step = 0; step < spec.steps(); step++) {
            task.killTaskIfInterrupted();
            long t0 = System.nanoTime();
            double loss = 0;
            if (share > 0) {
                ShardSampling.picks(settings.sampling(), settings.seed(), spec.first() + step, settings.iterationsPerEpoch(), partition, part.count(),
                        picks, share);
                loss = kernel.gradient(params, part, picks, share, 1f / settings.batchSize(), grads);
            }
            long t1 = System.nanoTime();
            losses[step] = adding.sum(grads, loss) / settings.batchSize();
            long t2 = System.nanoTime();
            String divergence = null;
            if (!Double.isFinite(losses[step])) {
                divergence = (spec.first() + step + 1) + ": the loss is " + losses[step];
            } else {
                optimizer.update(params, grads);
                if (!Params.finite(params)) {
                    divergence = (spec.first() + step + 1) + ": the weights are no longer finite numbers";
                }
            }
            computeNanos += (t1 - t0) + (System.nanoTime() - t2);
            exchangeNanos += t2 - t1;
            if (divergence != null) {
                return new Result(partition, Arrays.copyOf(losses, step + 1), divergence, null, null, computeNanos, exchangeNanos, countNanos);
            }
            long done = spec.first() + step + 1;
            if (nextEpoch < epochEnds.length && epochEnds[nextEpoch] == done) {
                nextEpoch++;
                long t3 = System.nanoTime();
                kernel.unpack(params, flat);
                boolean goOn = epochs.report(done, flat, losses[step]);
                countNanos += System.nanoTime() - t3;
                if (!goOn) {
                    taken = step + 1;
                    break;
                }
            }
        }
        losses = Arrays.copyOf(losses, taken);
        if (partition != 0) {
            return new Result(partition, losses, null, null, null, computeNanos, exchangeNanos, countNanos);
        }
        kernel.unpack(params, flat);
        float[][][] state = null;
        if (!optimizer.state().isEmpty()) {
            state = new float[optimizer.stateNames().size()][][];
            for (int i = 0; i < state.length; i++) {
                state[i] = kernel.flatZeros();
                kernel.unpack(optimizer.state().get(optimizer.stateNames().get(i)), state[i]);
            }
        }
        return new Result(partition, losses, null, flat, state, computeNanos, exchangeNanos, countNanos);
    }

    /** @return the host of a task's address as Spark gives it ({@code host} or {@code host:port}) */
    static String executorHost(String address) {
        int colon = address.lastIndexOf(':');
        boolean withPort = colon > 0 && address.indexOf(':') == colon && address.substring(colon + 1).chars().allMatch(Character::isDigit);
        return withPort ? address.substring(0, colon) : address;
    }
}
