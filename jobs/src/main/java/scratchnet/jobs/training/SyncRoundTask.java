package scratchnet.jobs.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;

import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

import scratchnet.core.data.SparseImages;

/**
 * A task of a synchronous round, in a barrier stage (all the round's tasks run at once): on its
 * partition of the training set and of the test set, it counts the epoch's accuracy when asked,
 * tells the driver's {@link RoundHub} where it listens, and, when the round goes on, connects to
 * the other tasks and takes the round's steps with them ({@link PartitionSteps#synchronousSteps}).
 * A named class, not a lambda: Spark's closure cleaner then passes it without parsing its bytecode.
 */
final class SyncRoundTask extends AbstractFunction1<Iterator<Tuple2<SparseImages, SparseImages>>, Iterator<SyncRoundResult>>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SyncRoundSpec spec;
    private final Broadcast<RoundWeights> weights;

    SyncRoundTask(SyncRoundSpec spec, Broadcast<RoundWeights> weights) {
        this.spec = spec;
        this.weights = weights;
    }

    @Override
    public Iterator<SyncRoundResult> apply(Iterator<Tuple2<SparseImages, SparseImages>> elements) {
        BarrierTaskContext task = BarrierTaskContext.get();
        int partition = task.partitionId();
        Tuple2<SparseImages, SparseImages> parts = elements.next();
        RoundWeights start = weights.value();
        Hits test = Hits.NONE;
        Hits train = Hits.NONE;
        if (spec.countAccuracy()) {
            test = PartitionSteps.countCorrect(List.of(parts._2()).iterator(), spec.steps().settings().sizes(), start.params());
            if (spec.steps().settings().trainAccuracy()) {
                train = PartitionSteps.countCorrect(List.of(parts._1()).iterator(), spec.steps().settings().sizes(), start.params());
            }
        }
        // listen where Spark says this task's executor is, on a port of the system's choosing
        String host = executorHost(task.getTaskInfos()[partition].address());
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(host, 0), spec.steps().shares().length)) {
            InetSocketAddress self = new InetSocketAddress(host, listener.socket().getLocalPort());
            List<InetSocketAddress> peers = meet(task.stageAttemptNumber(), partition, self, test, train);
            SyncRoundResult result;
            if (peers == null) {
                // the target was reached at the epoch the round started from: no steps
                result = new SyncRoundResult(partition, new double[0], null, null, null, 0, 0);
            } else {
                int messageBytes = PartitionSteps.messageBytes(spec.steps().settings().sizes());
                try (PeerExchange exchange = PeerExchange.connect(partition, listener, peers, spec.timeoutMillis(), messageBytes)) {
                    result = PartitionSteps.synchronousSteps(partition, parts._1(), spec.steps(), start, exchange);
                }
            }
            return CollectionConverters.asScala(List.of(result).iterator());
        } catch (IOException e) {
            throw new UncheckedIOException("synchronous round, task " + partition + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tells the hub who this task is and what it counted, and waits for its answer.
     *
     * @return every task's address by partition, or {@code null} when the round takes no steps
     */
    private List<InetSocketAddress> meet(int attempt, int partition, InetSocketAddress self, Hits test, Hits train) throws IOException {
        // a socket of a channel, not a plain one: Spark kills a task by interrupting it, and only a
        // channel's blocking read gives way to that (a retried stage needs this task's slot)
        try (SocketChannel channel = SocketChannel.open()) {
            Socket hub = channel.socket();
            hub.connect(spec.hub(), (int) spec.timeoutMillis());
            hub.setSoTimeout((int) spec.timeoutMillis());
            DataOutputStream out = new DataOutputStream(hub.getOutputStream());
            out.writeInt(attempt);
            out.writeInt(partition);
            out.writeUTF(self.getHostString());
            out.writeInt(self.getPort());
            out.writeBoolean(spec.countAccuracy());
            out.writeLong(test.correct());
            out.writeLong(test.images());
            out.writeLong(train.correct());
            out.writeLong(train.images());
            out.flush();
            DataInputStream in = new DataInputStream(hub.getInputStream());
            boolean go = in.readBoolean();
            List<InetSocketAddress> peers = new ArrayList<>();
            for (int p = 0; p < spec.steps().shares().length; p++) {
                peers.add(new InetSocketAddress(in.readUTF(), in.readInt()));
            }
            return go ? peers : null;
        }
    }

    /** @return the host of a task's address as Spark gives it ({@code host} or {@code host:port}) */
    static String executorHost(String address) {
        int colon = address.lastIndexOf(':');
        boolean withPort = colon > 0 && address.indexOf(':') == colon && address.substring(colon + 1).chars().allMatch(Character::isDigit);
        return withPort ? address.substring(0, colon) : address;
    }
}
