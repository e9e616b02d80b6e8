package scratchnet.jobs.training.sync;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts the connections of a round's listening socket so that no stranger can stall it: the
 * accepting thread only accepts, each connection authenticates on a thread of its own
 * ({@link Handshake}) and is closed unless it has done so within a short deadline, and at most
 * {@link #MAX_PENDING} connections are authenticating at once (more are closed at once; a task
 * whose connection is closed so tries again). Only an authenticated connection is delivered.
 *
 * @param <T> what an authenticated connection is delivered as
 */
final class Acceptor<T> implements Closeable {
    /** Connections authenticating at once, at most. */
    static final int MAX_PENDING = 64;
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    /** What a connection must do before its deadline: authenticate, and read what comes with that. */
    interface Authenticator<T> {
        /** @return the connection authenticated; throws when it does not prove itself */
        T authenticate(Socket socket) throws IOException;
    }

    /** What is done with an authenticated connection, after its deadline was lifted. */
    interface Delivery<T> {
        /** Takes the connection. */
        void deliver(T connection) throws IOException;
    }

    private final ServerSocketChannel server;
    private final long deadlineMillis;
    private final Authenticator<T> authenticator;
    private final Delivery<T> delivery;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread thread;

    /**
     * Starts accepting.
     *
     * @param server         the bound listening socket, in blocking mode; closed by {@link #close}
     * @param name           the accepting thread's name
     * @param deadlineMillis how long a connection has to authenticate
     */
    Acceptor(ServerSocketChannel server, String name, long deadlineMillis, Authenticator<T> authenticator, Delivery<T> delivery) {
        this.server = server;
        this.deadlineMillis = deadlineMillis;
        this.authenticator = authenticator;
        this.delivery = delivery;
        this.thread = new Thread(this::acceptAll, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "scratchnet-exchange-deadlines");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** @return the connections closed so far because they did not authenticate in time, or sent anything else */
    int refused() {
        return refused.get();
    }

    private void acceptAll() {
        while (server.isOpen()) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                // closed: the round is over
                return;
            }
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                refused.incrementAndGet();
                closeQuietly(c.socket());
                continue;
            }
            Thread t = new Thread(() -> authenticate(c.socket()), thread.getName() + "-handshake");
            t.setDaemon(true);
            t.start();
        }
    }

    private void authenticate(Socket socket) {
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> closeQuietly(socket), deadlineMillis, TimeUnit.MILLISECONDS);
        try {
            T connection = authenticator.authenticate(socket);
            if (!deadline.cancel(false)) {
                throw new IOException("authenticated after its deadline");
            }
            delivery.deliver(connection);
        } catch (IOException | RuntimeException e) {
            deadline.cancel(false);
            refused.incrementAndGet();
            closeQuietly(socket);
        } finally {
            pending.decrementAndGet();
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a connection dropped: nothing of it is kept
        }
    }

    /** Stops accepting; connections still authenticating end at their deadline. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
