package scratchnet.jobs.training.sync;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Direct connections between the tasks of a synchronous round, one to every other task: at every
 * step each task sends every other its share of the step's sum and receives theirs ({@link StepSum}
 * says which), so that every task gets the same bits. One thread, channels
 * in non-blocking mode under a selector: the sends and receives of a step overlap without a thread
 * of their own and without spinning on the cores the steps need. Every wait is bounded. Every
 * connection is authenticated first ({@link Handshake}); when the round encrypts, every message is
 * sealed with the connection's {@link SessionCipher}.
 */
final class PeerExchange implements Closeable {
    private final int self;
    private final SocketChannel[] peers;
    private final Selector selector;
    private final long timeoutMillis;
    private final ByteBuffer[] incoming;

    private final SessionCipher[] ciphers;
    private final ByteBuffer[] sealed;
    private final ByteBuffer[] opened;

    private PeerExchange(int self, SocketChannel[] peers, SessionCipher[] ciphers, boolean encrypt, Selector selector, long timeoutMillis,
                         int messageBytes) {
        this.self = self;
        this.peers = peers;
        this.ciphers = ciphers;
        this.selector = selector;
        this.timeoutMillis = timeoutMillis;
        int wireBytes = messageBytes + (encrypt ? SessionCipher.OVERHEAD : 0);
        this.incoming = new ByteBuffer[peers.length];
        this.sealed = new ByteBuffer[peers.length];
        this.opened = new ByteBuffer[peers.length];
        for (int p = 0; p < peers.length; p++) {
            if (p == self) {
                continue;
            }
            if (encrypt) {
                // arrays, not direct buffers: the JDK's AES-GCM seals and opens arrays about twice as fast
                incoming[p] = ByteBuffer.allocate(wireBytes);
                sealed[p] = ByteBuffer.allocate(wireBytes);
                opened[p] = ByteBuffer.allocate(messageBytes).order(ByteOrder.nativeOrder());
            } else {
                incoming[p] = ByteBuffer.allocateDirect(wireBytes).order(ByteOrder.nativeOrder());
            }
        }
    }

    /**
     * A task's listening socket, bound before the task meets the hub (whose answer carries its
     * address to the others) and authenticating the tasks before it as they connect
     * ({@link Acceptor}, {@link Handshake}): only a task of the same round and stage attempt, with a
     * lower partition, is taken.
     */
    static final class Listener implements Closeable {
        private final Acceptor<Handshake.Session> acceptor;
        private final InetSocketAddress address;
        private final BlockingQueue<Handshake.Session> arrived = new LinkedBlockingQueue<>();

        /**
         * @param host            this executor's own address, the only one it listens on
         * @param self            this task's partition
         * @param attempt         its stage attempt
         * @param handshakeMillis how long a connection has to authenticate
         */
        Listener(InetAddress host, ExchangePorts ports, int self, int attempt, RoundKey key, boolean encrypt, long handshakeMillis)
                throws IOException {
            ServerSocketChannel channel = ports.bind(host, Acceptor.MAX_PENDING);
            this.address = new InetSocketAddress(host, channel.socket().getLocalPort());
            this.acceptor = new Acceptor<>(channel, "scratchnet-exchange-" + self, handshakeMillis, socket -> {
                Handshake.Session s = Handshake.server(socket, key, encrypt, self);
                if (s.attempt() != attempt || s.partition() < 0 || s.partition() >= self) {
                    throw new IOException("task " + s.partition() + " of attempt " + s.attempt() + " is not one that connects to task " + self);
                }
                return s;
            }, s -> {
                Handshake.take(s);
                arrived.add(s);
            });
        }

        /** @return where the others connect to this task */
        InetSocketAddress address() {
            return address;
        }

        @Override
        public void close() throws IOException {
            acceptor.close();
            for (Handshake.Session s : arrived) {
                Acceptor.closeQuietly(s.socket());
            }
        }
    }

    /**
     * Connects task {@code self} to every other: it connects to the tasks after it (trying again
     * while a connection is dropped before the other proved itself, as under a flood of strangers)
     * and takes the ones before it from its {@link Listener}, which it then closes.
     *
     * @param attempt   this task's stage attempt
     * @param listener  this task's own listener, whose address the others were given
     * @param addresses every task's listening address, by partition
     */
    static PeerExchange connect(int self, int attempt, Listener listener, List<InetSocketAddress> addresses, RoundKey key, boolean encrypt,
                                long timeoutMillis, int messageBytes) throws IOException {
        int n = addresses.size();
        SocketChannel[] peers = new SocketChannel[n];
        SessionCipher[] ciphers = new SessionCipher[n];
        Selector selector = Selector.open();
        long deadline = System.nanoTime() + 1_000_000L * timeoutMillis;
        try (listener) {
            for (int p = self + 1; p < n; p++) {
                Handshake.Session s = connectTo(addresses.get(p), p, self, attempt, key, encrypt, deadline);
                peers[p] = s.socket().getChannel();
                ciphers[p] = s.cipher();
            }
            for (int accepted = 0; accepted < self; ) {
                long left = deadline - System.nanoTime();
                Handshake.Session s = left <= 0 ? null : listener.arrived.poll(left, TimeUnit.NANOSECONDS);
                if (s == null) {
                    throw new IOException("the round's tasks did not connect within " + timeoutMillis + " ms");
                }
                int p = s.partition();
                if (peers[p] != null) {
                    // the same task again: it gave up its first connection
                    peers[p].close();
                    accepted--;
                }
                peers[p] = s.socket().getChannel();
                ciphers[p] = s.cipher();
                accepted++;
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
            return new PeerExchange(self, peers, ciphers, encrypt, selector, timeoutMillis, messageBytes);
        } catch (InterruptedException e) {
            closeAll(peers, selector);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the round's task was interrupted while it connected to the others");
        } catch (IOException | RuntimeException e) {
            closeAll(peers, selector);
            throw e;
        }
    }

    /** @return a connection to task {@code p}, authenticated; tries again until the deadline while it is dropped early */
    private static Handshake.Session connectTo(InetSocketAddress address, int p, int self, int attempt, RoundKey key, boolean encrypt,
                                               long deadline) throws IOException {
        while (true) {
            SocketChannel c = SocketChannel.open();
            try {
                int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                c.socket().connect(address, left);
                c.socket().setSoTimeout(left);
                return Handshake.client(c.socket(), key, encrypt, attempt, self, p, true);
            } catch (Handshake.Refused e) {
                c.close();
                throw e;
            } catch (IOException e) {
                c.close();
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("the round's task was interrupted while it connected to task " + p);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("could not connect to task " + p + " at " + address + ": " + e.getMessage(), e);
                }
                Handshake.pause();
            }
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
        ByteBuffer[] messages = new ByteBuffer[n];
        int[] lengths = new int[n];
        for (int p = 0; p < n; p++) {
            messages[p] = message;
            lengths[p] = message.limit();
        }
        ByteBuffer[] all = exchange(messages, lengths);
        all[self] = message.duplicate().order(ByteOrder.nativeOrder());
        return all;
    }

    /**
     * Sends each other task {@code p} its own message ({@code messages[p]}, position 0 to its
     * limit) and receives one of {@code lengths[p]} bytes from it, at most the message size this
     * exchange was made for.
     *
     * @return the messages received by partition, each flipped for reading (this task's is {@code null})
     * @throws IOException when a peer closes or {@code timeoutMillis} pass without progress
     */
    ByteBuffer[] exchange(ByteBuffer[] messages, int[] lengths) throws IOException {
        int n = peers.length;
        ByteBuffer[] outgoing = new ByteBuffer[n];
        int pending = 0;
        for (int p = 0; p < n; p++) {
            if (p == self) {
                continue;
            }
            int overhead = ciphers[p] == null ? 0 : SessionCipher.OVERHEAD;
            if (ciphers[p] == null) {
                outgoing[p] = messages[p].duplicate();
            } else {
                sealed[p].clear();
                ciphers[p].seal(messages[p].duplicate(), sealed[p]);
                outgoing[p] = sealed[p].flip();
            }
            incoming[p].clear().limit(lengths[p] + overhead);
            pending += (outgoing[p].hasRemaining() ? 1 : 0) + (incoming[p].hasRemaining() ? 1 : 0);
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
            if (p == self) {
                continue;
            }
            if (ciphers[p] == null) {
                all[p] = incoming[p].flip();
            } else {
                ciphers[p].open(incoming[p].flip(), opened[p].clear());
                all[p] = opened[p].flip();
            }
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
