package scratchnet.jobs.training.sync;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import scratchnet.jobs.training.EpochHits;
import scratchnet.jobs.training.RoundEngine;

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
 *
 * <p>A round that spans epochs keeps the tasks' connections: at every epoch's end inside it each
 * task sends the right predictions it counted ({@link RoundProtocol.Epoch}); the hub adds them up
 * for the loop ({@link #nextEpoch}) and, unless the round ends there anyway, sends every task the
 * loop's decision ({@link #decideAt}). A stage that Spark retries reports the same epochs again:
 * the loop sees each once, and a retried task gets the decision made the first time.
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
    /** The steps inside the round at which the tasks report an epoch, and the round's last step. */
    private final long[] epochEnds;
    private final long lastStep;
    /** The epochs reported, each once, in step order, then {@link #END}. */
    private final BlockingQueue<Object> reports = new LinkedBlockingQueue<>();
    private static final Object END = new Object();
    private final ConcurrentHashMap<Long, CompletableFuture<Boolean>> decisions = new ConcurrentHashMap<>();
    private long delivered = -1;
    /** The threads reading the epochs of each stage attempt that went on. */
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    /** How long closing waits for a reader to take the last epoch's report, already sent. */
    private static final long READER_GRACE_MILLIS = 2000;

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
     * @param epochEnds       the steps inside the round at which the tasks report an epoch ({@link RoundEngine.Spec#epochEnds})
     * @param lastStep        the round's last step: its tasks wait for no decision there
     */
    RoundHub(InetAddress bind, ExchangePorts ports, RoundKey key, boolean encrypt, int parts, boolean countAccuracy, long timeoutMillis,
             long handshakeMillis, long[] epochEnds, long lastStep) throws IOException {
        this.server = ports.bind(bind, Acceptor.MAX_PENDING);
        this.epochEnds = epochEnds.clone();
        this.lastStep = lastStep;
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
        boolean kept = false;
        try {
            kept = answer(all);
        } catch (IOException | InterruptedException | TimeoutException | ExecutionException e) {
            accuracy.completeExceptionally(e);
        } finally {
            if (!kept) {
                closeAll(all);
            }
        }
    }

    /** @return whether the tasks' connections were kept for their epochs' reports */
    private boolean answer(Waiting[] all) throws IOException, InterruptedException, TimeoutException, ExecutionException {
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
        boolean go = goOn.get(timeoutMillis, TimeUnit.MILLISECONDS);
        byte[] answer = RoundProtocol.answer(new RoundProtocol.Answer(go, List.of(addresses)));
        for (Waiting w : all) {
            w.session().writeFrame(answer);
        }
        if (!go || epochEnds.length == 0) {
            reports.add(END);
            return false;
        }
        for (Waiting w : all) {
            // an epoch may take long: a reader waits until the round's end closes the connection
            w.session().socket().setSoTimeout(0);
        }
        Thread reader = new Thread(() -> readEpochs(all), "scratchnet-round-hub-epochs");
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
        return true;
    }

    /**
     * Reads one stage attempt's epochs, adds each up for the loop (once, whichever attempt reports
     * it first) and answers the loop's decision; ends at the round's last step, at a decision to
     * end, or when the attempt's connections fail (a retried attempt reports again).
     */
    private void readEpochs(Waiting[] all) {
        try {
            for (int k = 0; k < epochEnds.length; k++) {
                long step = epochEnds[k];
                EpochHits hits = new EpochHits();
                double loss = Double.NaN;
                for (Waiting w : all) {
                    RoundProtocol.Epoch e = RoundProtocol.epoch(w.session().readFrame(RoundProtocol.EPOCH_BYTES));
                    if (e.step() != step) {
                        throw new IOException("task " + w.arrival().partition() + " reported step " + e.step() + ", not " + step);
                    }
                    hits.add(true, e.test());
                    hits.add(false, e.train());
                    loss = e.loss();
                }
                synchronized (this) {
                    if (step > delivered) {
                        delivered = step;
                        reports.add(new RoundEngine.EpochReport(step, hits, loss));
                    }
                }
                if (step == lastStep) {
                    reports.add(END);
                    return;
                }
                boolean go = decision(step).get();
                byte[] decision = RoundProtocol.decision(go);
                for (Waiting w : all) {
                    w.session().writeFrame(decision);
                }
                if (!go) {
                    reports.add(END);
                    return;
                }
            }
            // the round's last epoch ended before its last step, which the tasks take without a word
            reports.add(END);
        } catch (IOException | ExecutionException e) {
            // the attempt failed: its job says why, or a retried attempt reports again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeAll(all);
        }
    }

    private CompletableFuture<Boolean> decision(long step) {
        return decisions.computeIfAbsent(step, s -> new CompletableFuture<>());
    }

    /**
     * Waits for the next epoch the tasks reported inside the round.
     *
     * @return it, or {@code null} when the round reports no more (it ended, or its job failed)
     */
    RoundEngine.EpochReport nextEpoch() throws InterruptedException {
        Object next = reports.take();
        if (next == END) {
            reports.add(END);
            return null;
        }
        return (RoundEngine.EpochReport) next;
    }

    /** Tells the tasks waiting at {@code step} whether to go on, or to end the round there. */
    void decideAt(long step, boolean goOn) {
        decision(step).complete(goOn);
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
        // the tasks of a round that ended sent every report before their results: let the readers take them
        long deadline = System.nanoTime() + READER_GRACE_MILLIS * 1_000_000L;
        for (Thread reader : readers) {
            try {
                reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reader.interrupt();
        }
        decisions.values().forEach(d -> d.complete(false));
        reports.add(END);
        synchronized (this) {
            closeAll(waiting);
        }
    }
}
