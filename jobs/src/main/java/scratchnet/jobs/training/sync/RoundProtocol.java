package scratchnet.jobs.training.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import scratchnet.core.net.LayerSizes;
import scratchnet.jobs.training.FlatVector;
import scratchnet.jobs.training.Hits;
import scratchnet.jobs.training.PartitionSteps;

/**
 * Every byte the tasks of a synchronous round and the driver's {@link RoundHub} send each other,
 * each message's writing beside its reading:
 *
 * <ol>
 * <li>on every connection, first, the {@link Handshake}: both sides prove they hold the round's
 * key, and the connecting task names its stage attempt and partition;</li>
 * <li>task to hub, once per round: its {@link Arrival} (the stage attempt, the partition, where it
 * listens, the right predictions it counted);</li>
 * <li>hub to every task, once all have come: the {@link Answer} (whether the round takes its
 * steps, every task's address by partition);</li>
 * <li>task to every task, at every step: its part of the step, the gradient in the kernel's
 * padded layout then the loss, in the machine's byte order ({@link #putStep}, {@link #readStep}).</li>
 * </ol>
 *
 * The arrival and the answer are {@code DataOutputStream}'s big-endian numbers and modified UTF-8
 * host names, each one length-prefixed message of {@link Handshake.Session#writeFrame}; when the
 * round encrypts, every message after the handshake is sealed ({@link SessionCipher}).
 */
final class RoundProtocol {

    private RoundProtocol() {
    }

    /**
     * A task's word to the hub.
     *
     * @param attempt   the stage attempt the task belongs to (a retried stage comes again with a higher one)
     * @param partition the task's partition
     * @param address   where the task listens for the others
     * @param counted   whether it counted the accuracy of the round's starting weights
     * @param test      its right predictions on its part of the test set ({@link Hits#NONE} when not counted)
     * @param train     on its part of the training set (none when not counted or not asked for)
     */
    record Arrival(int attempt, int partition, InetSocketAddress address, boolean counted, Hits test, Hits train) {
    }

    /**
     * The hub's answer to every task of an attempt.
     *
     * @param go        whether the round takes its steps (not when the starting weights reached the target)
     * @param addresses every task's listening address, by partition
     */
    record Answer(boolean go, List<InetSocketAddress> addresses) {
    }

    /** @return the arrival's bytes, one message of the task's authenticated connection to the hub */
    static byte[] arrival(Arrival a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(a.attempt());
            out.writeInt(a.partition());
            out.writeUTF(a.address().getHostString());
            out.writeInt(a.address().getPort());
            out.writeBoolean(a.counted());
            out.writeLong(a.test().correct());
            out.writeLong(a.test().images());
            out.writeLong(a.train().correct());
            out.writeLong(a.train().images());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when the bytes are not a whole arrival */
    static Arrival arrival(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int attempt = in.readInt();
        int partition = in.readInt();
        InetSocketAddress address = new InetSocketAddress(in.readUTF(), in.readInt());
        boolean counted = in.readBoolean();
        Hits test = new Hits(in.readLong(), in.readLong());
        Hits train = new Hits(in.readLong(), in.readLong());
        return new Arrival(attempt, partition, address, counted, test, train);
    }

    /** @return the answer's bytes, one message of the hub to each task */
    static byte[] answer(Answer a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(a.go());
            for (InetSocketAddress address : a.addresses()) {
                out.writeUTF(address.getHostString());
                out.writeInt(address.getPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @param tasks the round's tasks */
    static Answer answer(byte[] bytes, int tasks) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        boolean go = in.readBoolean();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int p = 0; p < tasks; p++) {
            addresses.add(new InetSocketAddress(in.readUTF(), in.readInt()));
        }
        return new Answer(go, addresses);
    }

    /** @return the most bytes an arrival or an answer of a round of {@code tasks} tasks takes (a host name takes at most 253) */
    static int maxMessage(int tasks) {
        return 64 + tasks * (2 + 3 * 255 + Integer.BYTES);
    }

    /** @return the bytes of a step's message: the gradient in the kernel's padded layout, then the loss */
    static int stepBytes(LayerSizes sizes) {
        return Float.BYTES * FlatVector.length(PartitionSteps.kernel(sizes, 1).zeros()) + Double.BYTES;
    }

    /**
     * Writes a task's part of a step into {@code message}, from its start, and limits it there.
     *
     * @param grads  the gradient's arrays, in the kernel's padded layout
     * @param length their total length
     */
    static void putStep(ByteBuffer message, float[][] grads, int length, double loss) {
        FloatBuffer floats = message.clear().asFloatBuffer();
        for (float[] g : grads) {
            floats.put(g);
        }
        message.putDouble(Float.BYTES * length, loss).limit(Float.BYTES * length + Double.BYTES);
    }

    /**
     * Reads a task's part of a step.
     *
     * @param gradient receives the gradient, its length the whole of it
     * @return the loss
     */
    static double readStep(ByteBuffer message, float[] gradient) {
        message.asFloatBuffer().get(gradient);
        return message.getDouble(Float.BYTES * gradient.length);
    }
}
