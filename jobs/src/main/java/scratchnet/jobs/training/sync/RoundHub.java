package scratchnet.jobs.training.sync;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import scratchnet.jobs.training.EpochHits;

/**
 * The driver's meeting point for the tasks of one synchronous round: each task connects once, at
 * its start, proves it belongs to the round ({@link Handshake}), names its listening address and
 * brings the right predictions it counted for the epoch's accuracy ({@link RoundProtocol.Arrival});
 * once every task of the stage attempt has come, the training loop learns the accuracy, decides
 * whether the round goes on (it stops when the target is reached), and the hub answers every task
 * with that decision and all the tasks' addresses, so that they connect to each other
 * ({@link PeerExchange}). A stage that Spark retries comes again with a higher attempt number and is
 * answered alike. Connections are accepted by an {@link Acceptor}: one that does not authenticate
 * and bring its arrival within the handshake deadline is dropped, and never takes a task's place.
 * Used instead of {@code BarrierTaskContext}'s {@code allGather}, which costs about a second per call.
 */
final class RoundHub implements Closeable {
    private final ServerSocketChannel server;
    private final Acceptor<Waiting> acceptor;
    private final int parts;
    private final long timeoutMillis;
    private final CompletableFuture<EpochHits> accuracy = new CompletableFuture<>();
    private final CompletableFuture<Boolean> goOn = new CompletableFuture<>();
    /** The current attempt's tasks by partition, and how many have come. */
    private final Waiting[] waiting;
    private int attempt = -1;
    private int arrived;

    /** A task waiting for the answer: its connection and its word. */
    private record Waiting(Handshake.Session session, RoundProtocol.Arrival arrival) {
    }

    /**
     * Opens the hub and starts answering.
     *
     * @param bind            the driver's address to listen on
     * @param ports           the ports it may listen on
     * @param key             the round's key, which every task proves it holds
     * @param encrypt         whether the messages are sealed
     * @param parts           the round's tasks
     * @param countAccuracy   whether the tasks count the accuracy of the round's starting weights
     * @param handshakeMillis how long a connection has to authenticate and bring its arrival
     */
    RoundHub(InetAddress bind, ExchangePorts ports, RoundKey key, boolean encrypt, int parts, boolean countAccuracy, long timeoutMillis,
             long handshakeMillis) throws IOException {
        this.server = ports.bind(bind, Acceptor.MAX_PENDING);
        this.parts = parts;
        this.timeoutMillis = timeoutMillis;
        this.waiting = new Waiting[parts];
        if (!countAccuracy) {
            goOn.complete(true);
        }
        int max = RoundProtocol.maxMessage(parts);
        this.acceptor = new Acceptor<>(server, "scratchnet-round-hub", handshakeMillis, socket -> {
            Handshake.Session session = Handshake.server(socket, key, encrypt, Handshake.HUB);
            RoundProtocol.Arrival a = RoundProtocol.arrival(session.readFrame(max));
            if (a.attempt() != session.attempt() || a.partition() != session.partition() || a.partition() < 0 || a.partition() >= parts) {
                throw new IOException("an arrival that is not the authenticated task's");
            }
            session.socket().setSoTimeout((int) timeoutMillis);
            return new Waiting(session, a);
        }, this::arrive);
    }

    /** @return the address the tasks connect to */
    InetSocketAddress address() {
        return new InetSocketAddress(server.socket().getInetAddress(), server.socket().getLocalPort());
    }

    /** @return the connections dropped because they did not authenticate */
    int refused() {
        return acceptor.refused();
    }

    /** Waits for the right predictions the tasks counted; fails when the hub fails or is closed first. */
    EpochHits accuracy() throws Exception {
        try {
            return accuracy.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Tells the tasks, once they have all come, whether to take the round's steps. */
    void decide(boolean takeSteps) {
        goOn.complete(takeSteps);
    }

    /** Takes an authenticated task's arrival; answers the attempt once all its tasks have come. */
    private void arrive(Waiting w) {
        Waiting[] all;
        synchronized (this) {
            int a = w.arrival().attempt();
            if (a < attempt) {
                Acceptor.closeQuietly(w.session().socket());
                return;
            }
            if (a > attempt) {
                // a retried stage: the earlier attempt's tasks are gone
                closeAll(waiting);
                Arrays.fill(waiting, null);
                arrived = 0;
                attempt = a;
            }
            int p = w.arrival().partition();
            if (waiting[p] != null) {
                // the same task again, on a new connection: the old one is given up
                Acceptor.closeQuietly(waiting[p].session().socket());
                arrived--;
            }
            waiting[p] = w;
            if (++arrived < parts) {
                return;
            }
            all = waiting.clone();
            Arrays.fill(waiting, null);
            arrived = 0;
        }
        try {
            answer(all);
        } catch (IOException | InterruptedException | TimeoutException | ExecutionException e) {
            accuracy.completeExceptionally(e);
        } finally {
            closeAll(all);
        }
    }

    private void answer(Waiting[] all) throws IOException, InterruptedException, TimeoutException, ExecutionException {
        InetSocketAddress[] addresses = new InetSocketAddress[parts];
        EpochHits hits = new EpochHits();
        for (Waiting w : all) {
            RoundProtocol.Arrival a = w.arrival();
            addresses[a.partition()] = a.address();
            if (a.counted()) {
                hits.add(true, a.test());
                hits.add(false, a.train());
            }
        }
        accuracy.complete(hits);
        byte[] answer = RoundProtocol.answer(new RoundProtocol.Answer(goOn.get(timeoutMillis, TimeUnit.MILLISECONDS), List.of(addresses)));
        for (Waiting w : all) {
            w.session().writeFrame(answer);
        }
    }

    private static void closeAll(Waiting[] all) {
        for (Waiting w : all) {
            if (w != null) {
                Socket s = w.session().socket();
                Acceptor.closeQuietly(s);
            }
        }
    }

    /** Stops answering; a loop still waiting for the accuracy learns that the round ended without it. */
    @Override
    public void close() throws IOException {
        accuracy.completeExceptionally(new IllegalStateException("the round ended before its tasks had all come"));
        acceptor.close();
        synchronized (this) {
            closeAll(waiting);
        }
    }
}
