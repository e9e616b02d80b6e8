package scratchnet.jobs.training.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import scratchnet.jobs.training.EpochHits;
import scratchnet.jobs.training.Hits;
import scratchnet.jobs.training.RoundEngine;

/** The tasks' direct exchange and the driver's hub, on loopback, without Spark, through the round's protocol. */
class PeerExchangeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    static final RoundKey KEY = RoundKey.fresh("app-test", "run", 7);
    private static final ExchangePorts ANY = ExchangePorts.parse(null);

    static List<PeerExchange.Listener> listeners(int n, RoundKey key, boolean encrypt) throws IOException {
        List<PeerExchange.Listener> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PeerExchange.Listener(LOOPBACK, ANY, i, 0, key, encrypt, 2000));
        }
        return out;
    }

    static List<InetSocketAddress> addresses(List<PeerExchange.Listener> listeners) {
        return listeners.stream().map(PeerExchange.Listener::address).toList();
    }

    static void closeAll(List<PeerExchange.Listener> listeners) throws IOException {
        for (PeerExchange.Listener l : listeners) {
            l.close();
        }
    }

    /** A message of {@code floats} values, all {@code value}, larger than a socket's buffers. */
    private static ByteBuffer message(int floats, float value) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder());
        for (int i = 0; i < floats; i++) {
            b.putFloat(value);
        }
        return b.flip();
    }

    @ParameterizedTest(name = "encrypted: {0}")
    @ValueSource(booleans = {false, true})
    void everyTaskGetsEveryTasksMessageStepAfterStep(boolean encrypt) throws Exception {
        int n = 3;
        int floats = 300_000;
        List<PeerExchange.Listener> listeners = listeners(n, KEY, encrypt);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<float[]>> got = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int self = t;
                got.add(pool.submit(() -> {
                    float[] sums = new float[3];
                    try (PeerExchange x = PeerExchange.connect(self, 0, listeners.get(self), addresses(listeners), KEY, encrypt, 10_000, 4 * floats)) {
                        for (int step = 0; step < 3; step++) {
                            ByteBuffer[] all = x.exchange(message(floats, 10 * step + self));
                            for (int p = 0; p < n; p++) {
                                assertEquals(4 * floats, all[p].remaining());
                                sums[step] += all[p].getFloat(4 * (floats - 1));
                            }
                        }
                    }
                    return sums;
                }));
            }
            for (Future<float[]> f : got) {
                float[] sums = f.get(30, TimeUnit.SECONDS);
                assertEquals(0 + 1 + 2, sums[0]);
                assertEquals(3 * 20 + 0 + 1 + 2, sums[2]);
            }
        } finally {
            pool.shutdownNow();
            closeAll(listeners);
        }
    }

    @Test
    void aTaskThatStopsSendingFailsItsPeerWithinTheTimeout() throws Exception {
        List<PeerExchange.Listener> listeners = listeners(2, KEY, false);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<PeerExchange> silent = pool.submit(() -> PeerExchange.connect(1, 0, listeners.get(1), addresses(listeners), KEY, false, 5_000, 4000));
            try (PeerExchange talker = PeerExchange.connect(0, 0, listeners.get(0), addresses(listeners), KEY, false, 300, 4000);
                 PeerExchange quiet = silent.get(10, TimeUnit.SECONDS)) {
                long t0 = System.nanoTime();
                IOException e = assertThrows(IOException.class, () -> talker.exchange(message(1000, 1f)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(e.getMessage().contains("no word from the round's other tasks for 300 ms"), e.getMessage());
                assertTrue(ms >= 250 && ms < 5_000, ms + " ms");
                assertFalse(quiet == null);
            }
        } finally {
            pool.shutdownNow();
            closeAll(listeners);
        }
    }

    /** A task's word to the hub, as {@link SyncRoundTask} says it ({@link RoundProtocol}); returns whether it may go on and the addresses. */
    static String meet(InetSocketAddress hub, RoundKey key, int attempt, int partition, long testCorrect) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(hub, 5000);
            s.setSoTimeout(5000);
            Handshake.Session session = Handshake.client(s, key, false, attempt, partition, Handshake.HUB, false);
            session.writeFrame(RoundProtocol.arrival(new RoundProtocol.Arrival(attempt, partition,
                    InetSocketAddress.createUnresolved("127.0.0.1", 1000 + partition), true, new Hits(testCorrect, 100), Hits.NONE)));
            RoundProtocol.Answer answer = RoundProtocol.answer(session.readFrame(RoundProtocol.maxMessage(2)), 2);
            String peers = answer.addresses().get(0).getHostString() + ":" + answer.addresses().get(0).getPort() + ","
                    + answer.addresses().get(1).getHostString() + ":" + answer.addresses().get(1).getPort();
            return answer.go() + " " + peers;
        }
    }

    static RoundHub hub(RoundKey key) throws IOException {
        return new RoundHub(LOOPBACK, ANY, key, false, 2, true, 10_000, 2000, new long[0], 1);
    }

    @Test
    void theHubCountsTheEpochDecidesOnceAndAnswersARetriedAttempt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (RoundHub hub = hub(KEY)) {
            InetSocketAddress at = hub.address();
            // attempt 0: one task comes, then the stage is retried; attempt 1's two tasks are answered
            Future<String> lost = pool.submit(() -> meet(at, KEY, 0, 1, 50));
            Thread.sleep(200);
            Future<String> a = pool.submit(() -> meet(at, KEY, 1, 0, 40));
            Future<String> b = pool.submit(() -> meet(at, KEY, 1, 1, 50));
            EpochHits hits = hub.accuracy();
            assertEquals(0.45, hits.accuracy(1, 1, false).testAcc());
            hub.decide(true);
            assertEquals("true 127.0.0.1:1000,127.0.0.1:1001", a.get(10, TimeUnit.SECONDS));
            assertEquals("true 127.0.0.1:1000,127.0.0.1:1001", b.get(10, TimeUnit.SECONDS));
            assertThrows(Exception.class, () -> lost.get(10, TimeUnit.SECONDS), "the earlier attempt's task gets no answer");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A task of a round that spans epochs, as {@link SyncRoundTask} speaks: meets the hub, then
     * reports the given epochs (right predictions {@code correct} of 100) and reads the decision after each.
     *
     * @return the decisions read
     */
    static List<Boolean> reportEpochs(InetSocketAddress hub, int attempt, int partition, long correct, long... steps) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(hub, 5000);
            s.setSoTimeout(5000);
            Handshake.Session session = Handshake.client(s, KEY, false, attempt, partition, Handshake.HUB, false);
            session.writeFrame(RoundProtocol.arrival(new RoundProtocol.Arrival(attempt, partition,
                    InetSocketAddress.createUnresolved("127.0.0.1", 1000 + partition), false, Hits.NONE, Hits.NONE)));
            assertTrue(RoundProtocol.answer(session.readFrame(RoundProtocol.maxMessage(2)), 2).go());
            List<Boolean> decisions = new ArrayList<>();
            for (long step : steps) {
                session.writeFrame(RoundProtocol.epoch(new RoundProtocol.Epoch(step, new Hits(correct, 100), Hits.NONE, 0.5)));
                decisions.add(RoundProtocol.decision(session.readFrame(1)));
            }
            return decisions;
        }
    }

    @Test
    void theHubReportsEachEpochOnceAndARetriedAttemptGetsTheDecisionMadeBefore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (RoundHub hub = new RoundHub(LOOPBACK, ANY, KEY, false, 2, false, 10_000, 2000, new long[] {10, 20}, 30)) {
            InetSocketAddress at = hub.address();
            // attempt 0 reports step 10, goes on, then fails before step 20
            Future<List<Boolean>> a0 = pool.submit(() -> reportEpochs(at, 0, 0, 30, 10));
            Future<List<Boolean>> b0 = pool.submit(() -> reportEpochs(at, 0, 1, 40, 10));
            RoundEngine.EpochReport ten = hub.nextEpoch();
            assertEquals(10, ten.step());
            assertEquals(0.35, ten.hits().accuracy(10, 10, false).testAcc());
            assertEquals(0.5, ten.loss());
            hub.decideAt(10, true);
            assertEquals(List.of(true), a0.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(true), b0.get(10, TimeUnit.SECONDS));
            // attempt 1 reports step 10 again (answered as before, not reported twice), then step 20, where the loop ends the round
            Future<List<Boolean>> a1 = pool.submit(() -> reportEpochs(at, 1, 0, 30, 10, 20));
            Future<List<Boolean>> b1 = pool.submit(() -> reportEpochs(at, 1, 1, 50, 10, 20));
            RoundEngine.EpochReport twenty = hub.nextEpoch();
            assertEquals(20, twenty.step());
            assertEquals(0.4, twenty.hits().accuracy(20, 10, false).testAcc());
            hub.decideAt(20, false);
            assertEquals(List.of(true, false), a1.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(true, false), b1.get(10, TimeUnit.SECONDS));
            assertNull(hub.nextEpoch(), "the round reports no more");
            assertNull(hub.nextEpoch(), "and says so again");
        } finally {
            pool.shutdownNow();
        }
    }
}
