package scratchnet.jobs.training.sync;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import scratchnet.jobs.training.EpochHits;

/**
 * The driver's meeting point for the tasks of one synchronous round: each task connects once, at
 * its start, names its partition and its listening address and brings the right predictions it
 * counted for the epoch's accuracy ({@link RoundProtocol.Arrival}); once every task of the stage attempt has come, the training
 * loop learns the accuracy, decides whether the round goes on (it stops when the target is
 * reached), and the hub answers every task with that decision and all the tasks' addresses, so
 * that they connect to each other ({@link PeerExchange}). A stage that Spark retries comes again
 * with a higher attempt number and is answered alike. Used instead of {@code BarrierTaskContext}'s
 * {@code allGather}, which costs about a second per call.
 */
final class RoundHub implements Closeable {
    private final ServerSocket server;
    private final int parts;
    private final long timeoutMillis;
    private final CompletableFuture<EpochHits> accuracy = new CompletableFuture<>();
    private final CompletableFuture<Boolean> goOn = new CompletableFuture<>();
    private final Thread thread;

    /** A task waiting for the answer: its connection and its word. */
    private record Waiting(Socket socket, RoundProtocol.Arrival arrival) {
    }

    /**
     * Opens the hub and starts answering.
     *
     * @param bind          the driver's address to listen on
     * @param parts         the round's tasks
     * @param countAccuracy whether the tasks count the accuracy of the round's starting weights
     */
    RoundHub(InetAddress bind, int parts, boolean countAccuracy, long timeoutMillis) throws IOException {
        this.server = new ServerSocket(0, parts * 2, bind);
        this.parts = parts;
        this.timeoutMillis = timeoutMillis;
        if (!countAccuracy) {
            goOn.complete(true);
        }
        thread = new Thread(this::serve, "scratchnet-round-hub");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the address the tasks connect to */
    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
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

    private void serve() {
        List<Waiting> attempt = new ArrayList<>();
        try {
            while (!server.isClosed()) {
                Waiting a = read(server.accept());
                if (!attempt.isEmpty() && a.arrival().attempt() > attempt.get(0).arrival().attempt()) {
                    // a retried stage: the earlier attempt's tasks are gone
                    closeAll(attempt);
                    attempt.clear();
                } else if (!attempt.isEmpty() && a.arrival().attempt() < attempt.get(0).arrival().attempt()) {
                    a.socket().close();
                    continue;
                }
                attempt.add(a);
                if (attempt.size() == parts) {
                    answer(attempt);
                    attempt.clear();
                }
            }
        } catch (IOException | InterruptedException | TimeoutException | ExecutionException e) {
            accuracy.completeExceptionally(e);
        } finally {
            closeAll(attempt);
        }
    }

    private Waiting read(Socket socket) throws IOException {
        socket.setSoTimeout((int) timeoutMillis);
        return new Waiting(socket, RoundProtocol.readArrival(new DataInputStream(socket.getInputStream())));
    }

    private void answer(List<Waiting> attempt) throws IOException, InterruptedException, TimeoutException, ExecutionException {
        InetSocketAddress[] addresses = new InetSocketAddress[parts];
        EpochHits hits = new EpochHits();
        for (Waiting w : attempt) {
            RoundProtocol.Arrival a = w.arrival();
            addresses[a.partition()] = a.address();
            if (a.counted()) {
                hits.add(true, a.test());
                hits.add(false, a.train());
            }
        }
        accuracy.complete(hits);
        RoundProtocol.Answer answer = new RoundProtocol.Answer(goOn.get(timeoutMillis, TimeUnit.MILLISECONDS), List.of(addresses));
        for (Waiting w : attempt) {
            RoundProtocol.writeAnswer(new DataOutputStream(w.socket().getOutputStream()), answer);
        }
        closeAll(attempt);
    }

    private static void closeAll(List<Waiting> attempt) {
        for (Waiting a : attempt) {
            try {
                a.socket().close();
            } catch (IOException ignored) {
                // the task has its answer, or is gone
            }
        }
    }

    /** Stops answering; a loop still waiting for the accuracy learns that the round ended without it. */
    @Override
    public void close() throws IOException {
        accuracy.completeExceptionally(new IllegalStateException("the round ended before its tasks had all come"));
        server.close();
    }
}
