package scratchnet.jobs.training.sync;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Direct connections between the tasks of a synchronous round, one to every other task: at every
 * step each task sends its partial sum ({@link RoundProtocol#putStep}) to all the others and receives theirs, so that every task
 * adds the same parts in the same order (by partition) and gets the same bits. One thread, channels
 * in non-blocking mode under a selector: the sends and receives of a step overlap without a thread
 * of their own and without spinning on the cores the steps need. Every wait is bounded.
 */
final class PeerExchange implements Closeable {
    private final int self;
    private final SocketChannel[] peers;
    private final Selector selector;
    private final long timeoutMillis;
    private final ByteBuffer[] incoming;

    private PeerExchange(int self, SocketChannel[] peers, Selector selector, long timeoutMillis, int messageBytes) {
        this.self = self;
        this.peers = peers;
        this.selector = selector;
        this.timeoutMillis = timeoutMillis;
        this.incoming = new ByteBuffer[peers.length];
        for (int p = 0; p < peers.length; p++) {
            incoming[p] = p == self ? null : ByteBuffer.allocateDirect(messageBytes).order(ByteOrder.nativeOrder());
        }
    }

    /**
     * Connects task {@code self} to every other: it connects to the tasks after it and accepts the
     * ones before it, each of which names itself first ({@link RoundProtocol#hello}).
     *
     * @param listener  this task's own listening socket, whose address the others were given
     * @param addresses every task's listening address, by partition
     */
    static PeerExchange connect(int self, ServerSocketChannel listener, List<InetSocketAddress> addresses, long timeoutMillis,
                                int messageBytes) throws IOException {
        int n = addresses.size();
        SocketChannel[] peers = new SocketChannel[n];
        Selector selector = Selector.open();
        try {
            for (int p = self + 1; p < n; p++) {
                SocketChannel c = SocketChannel.open();
                c.socket().connect(addresses.get(p), (int) timeoutMillis);
                c.socket().setSoTimeout((int) timeoutMillis);
                ByteBuffer hello = RoundProtocol.hello(self);
                while (hello.hasRemaining()) {
                    c.write(hello);
                }
                peers[p] = c;
            }
            listener.socket().setSoTimeout((int) timeoutMillis);
            for (int accepted = 0; accepted < self; accepted++) {
                SocketChannel c = listener.socket().accept().getChannel();
                c.socket().setSoTimeout((int) timeoutMillis);
                // the socket's own stream, not the channel: only it honours the read timeout
                int p = RoundProtocol.readHello(c.socket().getInputStream());
                if (p < 0 || p >= self || peers[p] != null) {
                    throw new IOException("a peer named itself " + p + ", not a task before " + self);
                }
                peers[p] = c;
            }
            for (SocketChannel c : peers) {
                if (c != null) {
                    // room for a whole step's message each way, so that a send seldom waits for the peer's read
                    c.setOption(StandardSocketOptions.SO_SNDBUF, 2 * messageBytes);
                    c.setOption(StandardSocketOptions.SO_RCVBUF, 2 * messageBytes);
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    c.configureBlocking(false);
                }
            }
            return new PeerExchange(self, peers, selector, timeoutMillis, messageBytes);
        } catch (SocketTimeoutException e) {
            closeAll(peers, selector);
            throw new IOException("the round's tasks did not connect within " + timeoutMillis + " ms", e);
        } catch (IOException | RuntimeException e) {
            closeAll(peers, selector);
            throw e;
        }
    }

    /**
     * Sends {@code message} (position 0 to its limit) to every other task and receives theirs.
     *
     * @return every task's message by partition, each flipped for reading; this task's own is {@code message}
     * @throws IOException when a peer closes or {@code timeoutMillis} pass without progress
     */
    ByteBuffer[] exchange(ByteBuffer message) throws IOException {
        int n = peers.length;
        ByteBuffer[] outgoing = new ByteBuffer[n];
        int pending = 0;
        for (int p = 0; p < n; p++) {
            if (p == self) {
                continue;
            }
            outgoing[p] = message.duplicate();
            incoming[p].clear().limit(message.limit());
            pending += 2;
        }
        while (pending > 0) {
            int progressed = 0;
            for (int p = 0; p < n; p++) {
                if (p == self) {
                    continue;
                }
                if (outgoing[p].hasRemaining() && peers[p].write(outgoing[p]) > 0) {
                    progressed++;
                    if (!outgoing[p].hasRemaining()) {
                        pending--;
                    }
                }
                if (incoming[p].hasRemaining()) {
                    int read = peers[p].read(incoming[p]);
                    if (read < 0) {
                        throw new IOException("task " + p + " of the round closed its connection");
                    }
                    if (read > 0) {
                        progressed++;
                        if (!incoming[p].hasRemaining()) {
                            pending--;
                        }
                    }
                }
            }
            if (pending > 0 && progressed == 0) {
                waitForProgress(outgoing);
            }
        }
        ByteBuffer[] all = new ByteBuffer[n];
        for (int p = 0; p < n; p++) {
            all[p] = p == self ? message.duplicate().order(ByteOrder.nativeOrder()) : incoming[p].flip();
        }
        return all;
    }

    /** Blocks until some channel can be written or read, or throws after the timeout or when the task is killed. */
    private void waitForProgress(ByteBuffer[] outgoing) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            // Spark kills a task by interrupting it: a selector would then return at once, again and again
            throw new InterruptedIOException("the round's task was interrupted while it waited for the others");
        }
        for (int p = 0; p < peers.length; p++) {
            if (p == self) {
                continue;
            }
            int ops = (outgoing[p].hasRemaining() ? SelectionKey.OP_WRITE : 0) | (incoming[p].hasRemaining() ? SelectionKey.OP_READ : 0);
            SelectionKey key = peers[p].keyFor(selector);
            if (key == null) {
                peers[p].register(selector, ops);
            } else {
                key.interestOps(ops);
            }
        }
        if (selector.select(timeoutMillis) == 0 && !Thread.currentThread().isInterrupted()) {
            throw new IOException("no word from the round's other tasks for " + timeoutMillis + " ms");
        }
        selector.selectedKeys().clear();
    }

    @Override
    public void close() {
        closeAll(peers, selector);
    }

    private static void closeAll(SocketChannel[] peers, Selector selector) {
        for (SocketChannel c : peers) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a connection at the round's end: nothing left to save
                }
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // as above
        }
    }
}
