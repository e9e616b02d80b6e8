package scratchnet.jobs.training.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import scratchnet.core.BadInputException;
import scratchnet.jobs.training.Hits;

/**
 * Who may join a round: only a holder of the round's key, on a connection of its own. A wrong key,
 * another round's key or a recorded connection replayed is refused by the hub and by the tasks,
 * without taking a task's place; and an encrypted round's sums cannot be read or changed on the way.
 */
class ExchangeAuthTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final RoundKey KEY = PeerExchangeTest.KEY;

    /**
     * A client that does not hold {@code key}'s round key but goes through the motions with its own:
     * names itself, ignores the server's proof, sends its proof.
     *
     * @return whether the server then closed the connection without a word (read returned the end)
     */
    private static boolean impostorIsDropped(InetSocketAddress at, RoundKey key, int attempt, int partition, int server) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at, 5000);
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] clientNonce = RoundKey.nonce(16);
            out.write(new byte[] {'S', 'N', 'X', '1'});
            out.write(clientNonce);
            out.writeInt(attempt);
            out.writeInt(partition);
            out.writeBoolean(false);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] serverNonce = new byte[16];
            in.readFully(serverNonce);
            in.readInt();
            in.readFully(new byte[32]);
            byte[] ids = ByteBuffer.allocate(13).putInt(attempt).putInt(partition).putInt(server).put((byte) 0).array();
            out.write(key.mac("client proof", clientNonce, serverNonce, ids));
            out.write(RoundProtocol.arrival(new RoundProtocol.Arrival(attempt, partition, InetSocketAddress.createUnresolved("127.0.0.1", 9),
                    true, new Hits(100, 100), Hits.NONE)));
            return dropped(in);
        }
    }

    /** @return whether the other side closed the connection (an end or a reset), not left it open */
    private static boolean dropped(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // what the server said before it refused
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // closed with the impostor's bytes unread: a reset
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Test
    void theHubRefusesAWrongKeyAndAnotherRoundsKeyAndTheRightOneJoins() throws Exception {
        RoundKey wrong = RoundKey.fresh("app-test", "run", 7);
        RoundKey nextRound = RoundKey.fresh("app-test", "run", 8);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (RoundHub hub = PeerExchangeTest.hub(KEY)) {
            InetSocketAddress at = hub.address();
            assertTrue(impostorIsDropped(at, wrong, 0, 0, Handshake.HUB));
            assertTrue(impostorIsDropped(at, nextRound, 0, 1, Handshake.HUB));
            IOException e = assertThrows(IOException.class, () -> PeerExchangeTest.meet(at, nextRound, 0, 0, 1));
            assertTrue(e.getMessage().contains("did not prove it belongs to round app-test/run/8 as its hub"), e.getMessage());
            Future<String> a = pool.submit(() -> PeerExchangeTest.meet(at, KEY, 0, 0, 40));
            Future<String> b = pool.submit(() -> PeerExchangeTest.meet(at, KEY, 0, 1, 50));
            assertEquals(0.45, hub.accuracy().accuracy(1, 1, false).testAcc(), "the impostors' 100 right predictions are not counted");
            hub.decide(true);
            assertEquals("true 127.0.0.1:1000,127.0.0.1:1001", a.get(10, TimeUnit.SECONDS));
            assertEquals("true 127.0.0.1:1000,127.0.0.1:1001", b.get(10, TimeUnit.SECONDS));
            assertTrue(hub.refused() >= 2, "refused " + hub.refused());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Forwards one connection to {@code target} and keeps what each side sent. */
    private static final class Relay implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        final ByteArrayOutputStream up = new ByteArrayOutputStream();
        final ByteArrayOutputStream down = new ByteArrayOutputStream();
        private final List<Socket> sockets = new ArrayList<>();

        Relay(InetSocketAddress target) throws IOException {
            Thread t = new Thread(() -> {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    synchronized (sockets) {
                        sockets.add(client);
                        sockets.add(upstream);
                    }
                    Thread back = new Thread(() -> copy(upstream, client, down));
                    back.setDaemon(true);
                    back.start();
                    copy(client, upstream, up);
                } catch (IOException ignored) {
                    // the test closed the relay
                }
            });
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(LOOPBACK, server.getLocalPort());
        }

        private static void copy(Socket from, Socket to, ByteArrayOutputStream record) {
            byte[] buffer = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (record) {
                        record.write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // one side closed
            }
        }

        byte[] recorded(ByteArrayOutputStream record) {
            synchronized (record) {
                return record.toByteArray();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aConnectionReplayedToTheHubIsRefused() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (RoundHub hub = PeerExchangeTest.hub(KEY); Relay relay = new Relay(hub.address())) {
            Future<String> a = pool.submit(() -> PeerExchangeTest.meet(relay.address(), KEY, 0, 0, 40));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (relay.recorded(relay.up).length < 29 + 32 + 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            byte[] transcript = relay.recorded(relay.up);
            try (Socket replay = new Socket()) {
                replay.connect(hub.address(), 5000);
                replay.setSoTimeout(5000);
                replay.getOutputStream().write(transcript);
                assertTrue(dropped(replay.getInputStream()), "the hub drops the replayed proof");
            }
            Future<String> b = pool.submit(() -> PeerExchangeTest.meet(hub.address(), KEY, 0, 1, 50));
            assertEquals(0.45, hub.accuracy().accuracy(1, 1, false).testAcc());
            hub.decide(true);
            assertEquals("true 127.0.0.1:1000,127.0.0.1:1001", a.get(10, TimeUnit.SECONDS));
            assertEquals("true 127.0.0.1:1000,127.0.0.1:1001", b.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskRefusesAnotherRoundsTaskAndTakesItsOwn() throws Exception {
        List<PeerExchange.Listener> listeners = PeerExchangeTest.listeners(2, KEY, false);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            InetSocketAddress task1 = listeners.get(1).address();
            assertTrue(impostorIsDropped(task1, RoundKey.fresh("app-test", "run", 8), 0, 0, 1));
            assertTrue(impostorIsDropped(task1, KEY, 1, 0, 1), "another stage attempt's task is not taken");
            Handshake.Refused e = assertThrows(Handshake.Refused.class, () -> PeerExchange.connect(0, 0, listeners.get(0),
                    PeerExchangeTest.addresses(listeners), RoundKey.fresh("app-test", "run", 8), false, 5000, 8));
            assertTrue(e.getMessage().contains("as its task 1"), e.getMessage());
            listeners.set(0, PeerExchangeTest.listeners(1, KEY, false).get(0));
            List<InetSocketAddress> addresses = PeerExchangeTest.addresses(listeners);
            Future<PeerExchange> one = pool.submit(() -> PeerExchange.connect(1, 0, listeners.get(1), addresses, KEY, false, 5000, 8));
            try (PeerExchange zero = PeerExchange.connect(0, 0, listeners.get(0), addresses, KEY, false, 5000, 8);
                 PeerExchange other = one.get(10, TimeUnit.SECONDS)) {
                Future<ByteBuffer[]> got = pool.submit(() -> other.exchange(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 2).limit(8)));
                assertEquals(2, zero.exchange(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 1).limit(8))[1].getLong(0));
                assertEquals(1, got.get(10, TimeUnit.SECONDS)[0].getLong(0));
            }
        } finally {
            pool.shutdownNow();
            PeerExchangeTest.closeAll(listeners);
        }
    }

    @ParameterizedTest(name = "encrypted: {0}")
    @ValueSource(booleans = {false, true})
    void anEncryptedRoundsSumsCannotBeReadOnTheWay(boolean encrypt) throws Exception {
        List<PeerExchange.Listener> listeners = PeerExchangeTest.listeners(2, KEY, encrypt);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int floats = 10_000;
        try (Relay relay = new Relay(listeners.get(1).address())) {
            List<InetSocketAddress> viaRelay = List.of(listeners.get(0).address(), relay.address());
            Future<PeerExchange> one = pool.submit(() -> PeerExchange.connect(1, 0, listeners.get(1), viaRelay, KEY, encrypt, 5000, 4 * floats));
            try (PeerExchange zero = PeerExchange.connect(0, 0, listeners.get(0), viaRelay, KEY, encrypt, 5000, 4 * floats);
                 PeerExchange other = one.get(10, TimeUnit.SECONDS)) {
                ByteBuffer message = ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder());
                while (message.hasRemaining()) {
                    message.putFloat(1.5f);
                }
                Future<ByteBuffer[]> got = pool.submit(() -> other.exchange(message.duplicate().flip()));
                assertEquals(1.5f, zero.exchange(message.duplicate().flip())[1].getFloat(4 * (floats - 1)));
                assertEquals(1.5f, got.get(10, TimeUnit.SECONDS)[0].getFloat(0));
            }
            // sixteen of the sums, as they would appear in clear
            float[] sixteen = new float[16];
            Arrays.fill(sixteen, 1.5f);
            byte[] pattern = new byte[64];
            ByteBuffer.wrap(pattern).order(ByteOrder.nativeOrder()).asFloatBuffer().put(sixteen);
            assertEquals(!encrypt, contains(relay.recorded(relay.up), pattern), "the sums seen on the wire");
            assertEquals(!encrypt, contains(relay.recorded(relay.down), pattern), "the sums seen on the wire");
        } finally {
            pool.shutdownNow();
            PeerExchangeTest.closeAll(listeners);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void aSealedMessageChangedReplayedOrReorderedDoesNotOpen() throws IOException {
        byte[] up = RoundKey.nonce(32);
        byte[] down = RoundKey.nonce(32);
        SessionCipher client = new SessionCipher(up, down);
        SessionCipher server = new SessionCipher(down, up);
        byte[] first = client.seal("step 1".getBytes());
        byte[] second = client.seal("step 2".getBytes());
        byte[] changed = second.clone();
        changed[0] ^= 1;
        assertThrows(IOException.class, () -> server.open(second), "out of order");
        SessionCipher fresh = new SessionCipher(down, up);
        assertEquals("step 1", new String(fresh.open(first)));
        assertThrows(IOException.class, () -> fresh.open(changed), "changed");
        SessionCipher again = new SessionCipher(down, up);
        assertEquals("step 1", new String(again.open(first)));
        assertThrows(IOException.class, () -> again.open(first), "replayed");
    }

    @Test
    void roundsEncryptWheneverSparkEncrypts() {
        assertFalse(BarrierRounds.encrypts(new SparkConf(false)));
        assertFalse(BarrierRounds.encrypts(new SparkConf(false).set("spark.authenticate", "true")));
        assertTrue(BarrierRounds.encrypts(new SparkConf(false).set("spark.network.crypto.enabled", "true")));
        assertTrue(BarrierRounds.encrypts(new SparkConf(false).set("spark.ssl.enabled", "true")));
    }

    @Test
    void exchangePortsAreARangeAndEachListenerTakesAFreeOne() throws IOException {
        for (String bad : new String[] {"40100-40000", "0-10", "x", "1-2-3", "70000"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> ExchangePorts.parse(bad));
            assertEquals("spark.scratchnet.train.exchangePorts must be a port or a range of ports such as 40000-40100, not '" + bad + "'",
                    e.getMessage());
        }
        int first;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            first = probe.getLocalPort();
        }
        ExchangePorts two = ExchangePorts.parse(first + "-" + (first + 1));
        try (var a = two.bind(LOOPBACK, 1)) {
            assertEquals(first, a.socket().getLocalPort());
            try (var b = two.bind(LOOPBACK, 1)) {
                assertEquals(first + 1, b.socket().getLocalPort());
                IOException e = assertThrows(IOException.class, () -> two.bind(LOOPBACK, 1));
                assertTrue(e.getMessage().startsWith("no free port in spark.scratchnet.train.exchangePorts=" + first + "-" + (first + 1)), e.getMessage());
            }
        }
    }
}
