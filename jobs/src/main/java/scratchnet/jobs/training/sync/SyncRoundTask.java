package scratchnet.jobs.training.sync;

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
 * tells the driver's {@link RoundHub} where it listens, and, when the round goes on, connects to
 * the other tasks ({@link PeerExchange}) and takes the round's steps with them ({@link #steps}).
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
     */
    record Exchange(RoundKey key, boolean encrypt, ExchangePorts ports, long handshakeMillis) implements Serializable {
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
     * @param exchangeNanos time it spent adding its sums with the other tasks' ({@link StepSum}: sending, receiving, adding)
     */
    record Result(int partition, double[] losses, String divergence, float[][] params, float[][][] state, long computeNanos,
                  long exchangeNanos) implements Serializable {
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
        Hits test = Hits.NONE;
        Hits train = Hits.NONE;
        if (spec.countAccuracy()) {
            test = PartitionSteps.countCorrect(List.of(parts._2()).iterator(), settings.sizes(), start.params());
            if (settings.trainAccuracy()) {
                train = PartitionSteps.countCorrect(List.of(parts._1()).iterator(), settings.sizes(), start.params());
            }
        }
        // listen where Spark says this task's executor is, and nowhere else
        String host = executorHost(task.getTaskInfos()[partition].address());
        Exchange x = spec.exchange();
        int attempt = task.stageAttemptNumber();
        try (PeerExchange.Listener listener = new PeerExchange.Listener(InetAddress.getByName(host), x.ports(), partition, attempt, x.key(),
                x.encrypt(), x.handshakeMillis())) {
            RoundProtocol.Answer answer = meet(new RoundProtocol.Arrival(attempt, partition, listener.address(), spec.countAccuracy(), test, train));
            Result result;
            if (!answer.go()) {
                // the target was reached at the epoch the round started from: no steps
                result = new Result(partition, new double[0], null, null, null, 0, 0);
            } else {
                int messageBytes = StepSum.messageBytes(spec.round().shares().length, settings.sizes().parameterCount());
                try (PeerExchange exchange = PeerExchange.connect(partition, attempt, listener, answer.addresses(), x.key(), x.encrypt(),
                        spec.timeoutMillis(), messageBytes)) {
                    result = steps(partition, parts._1(), spec.round(), start, exchange);
                }
            }
            return CollectionConverters.asScala(List.of(result).iterator());
        } catch (IOException e) {
            throw new UncheckedIOException("synchronous round, task " + partition + ": " + e.getMessage(), e);
        }
    }

    /**
     * Proves to the hub that this task belongs to the round, tells it who it is and what it
     * counted, and waits for its answer; tries again while its connection is dropped before the hub
     * proved itself (as under a flood of strangers).
     */
    private RoundProtocol.Answer meet(RoundProtocol.Arrival arrival) throws IOException {
        Exchange x = spec.exchange();
        int tasks = spec.round().shares().length;
        long deadline = System.nanoTime() + 1_000_000L * spec.timeoutMillis();
        while (true) {
            // a socket of a channel, not a plain one: Spark kills a task by interrupting it, and only a
            // channel's blocking read gives way to that (a retried stage needs this task's slot)
            try (SocketChannel channel = SocketChannel.open()) {
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
                    Handshake.pause();
                    continue;
                }
                session.writeFrame(RoundProtocol.arrival(arrival));
                return RoundProtocol.answer(session.readFrame(RoundProtocol.maxMessage(tasks)), tasks);
            }
        }
    }

    /**
     * The steps of a synchronous round on one partition: at every step this partition's share of
     * the mini-batch gradient and loss are added to the other tasks' ({@link StepSum}, through
     * {@link PeerExchange}), the parts in partition order, exactly as the driver adds a one-step
     * round's parts ({@link CompensatedSum}), so every task applies the same update to
     * the same weights, and the run has the bits of one job per step. The round stops at a step
     * whose loss or weights are not finite.
     *
     * @param start the weights and optimizer state the round starts from
     */
    static Result steps(int partition, SparseImages part, RoundEngine.Spec spec, RoundEngine.Weights start, PeerExchange peers)
            throws IOException {
        TrainingSettings settings = spec.settings();
        int share = spec.shares()[partition];
        int tasks = spec.shares().length;
        BatchGradient kernel = PartitionSteps.kernel(settings.sizes(), Math.max(share, 1));
        float[][] params = kernel.pack(start.params());
        float[][] grads = kernel.zeros();
        Optimizer optimizer = settings.optimizer().create(settings.lr());
        optimizer.restore(PartitionSteps.packedState(kernel, optimizer, start), spec.optimizerSteps());
        int length = settings.sizes().parameterCount();
        StepSum adding = new StepSum(partition, tasks, length);
        float[] mine = new float[length];
        float[] sum = new float[length];
        int[] picks = new int[share];
        double[] losses = new double[spec.steps()];
        TaskContext task = TaskContext.get();
        long computeNanos = 0;
        long exchangeNanos = 0;
        for (int step = 0; step < spec.steps(); step++) {
            task.killTaskIfInterrupted();
            long t0 = System.nanoTime();
            double loss = 0;
            if (share > 0) {
                ShardSampling.picks(settings.sampling(), settings.seed(), spec.first() + step, settings.iterationsPerEpoch(), partition, part.count(),
                        picks, share);
                loss = kernel.gradient(params, part, picks, share, 1f / settings.batchSize(), grads);
            }
            RoundProtocol.flatten(grads, settings.sizes(), mine);
            long t1 = System.nanoTime();
            losses[step] = adding.sum(peers, mine, loss, sum) / settings.batchSize();
            long t2 = System.nanoTime();
            String divergence = null;
            if (!Double.isFinite(losses[step])) {
                divergence = (spec.first() + step + 1) + ": the loss is " + losses[step];
            } else {
                RoundProtocol.readSum(sum, settings.sizes(), grads);
                optimizer.update(params, grads);
                if (!Params.finite(params)) {
                    divergence = (spec.first() + step + 1) + ": the weights are no longer finite numbers";
                }
            }
            computeNanos += (t1 - t0) + (System.nanoTime() - t2);
            exchangeNanos += t2 - t1;
            if (divergence != null) {
                return new Result(partition, Arrays.copyOf(losses, step + 1), divergence, null, null, computeNanos, exchangeNanos);
            }
        }
        if (partition != 0) {
            return new Result(partition, losses, null, null, null, computeNanos, exchangeNanos);
        }
        float[][] flat = kernel.flatZeros();
        kernel.unpack(params, flat);
        float[][][] state = null;
        if (!optimizer.state().isEmpty()) {
            state = new float[optimizer.stateNames().size()][][];
            for (int i = 0; i < state.length; i++) {
                state[i] = kernel.flatZeros();
                kernel.unpack(optimizer.state().get(optimizer.stateNames().get(i)), state[i]);
            }
        }
        return new Result(partition, losses, null, flat, state, computeNanos, exchangeNanos);
    }

    /** @return the host of a task's address as Spark gives it ({@code host} or {@code host:port}) */
    static String executorHost(String address) {
        int colon = address.lastIndexOf(':');
        boolean withPort = colon > 0 && address.indexOf(':') == colon && address.substring(colon + 1).chars().allMatch(Character::isDigit);
        return withPort ? address.substring(0, colon) : address;
    }
}
