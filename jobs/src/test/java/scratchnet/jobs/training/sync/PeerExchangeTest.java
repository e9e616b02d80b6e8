package scratchnet.jobs.training.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import scratchnet.jobs.training.EpochHits;
import scratchnet.jobs.training.Hits;

/** The tasks' direct exchange and the driver's hub, on loopback, without Spark, through the round's protocol. */
class PeerExchangeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static List<ServerSocketChannel> listeners(int n) throws IOException {
        List<ServerSocketChannel> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0)));
        }
        return out;
    }

    private static List<InetSocketAddress> addresses(List<ServerSocketChannel> listeners) {
        return listeners.stream().map(l -> new InetSocketAddress(LOOPBACK, l.socket().getLocalPort())).toList();
    }

    /** A message of {@code floats} values, all {@code value}, larger than a socket's buffers. */
    private static ByteBuffer message(int floats, float value) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder());
        for (int i = 0; i < floats; i++) {
            b.putFloat(value);
        }
        return b.flip();
    }

    @Test
    void everyTaskGetsEveryTasksMessageStepAfterStep() throws Exception {
        int n = 3;
        int floats = 300_000;
        List<ServerSocketChannel> listeners = listeners(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<float[]>> got = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int self = t;
                got.add(pool.submit(() -> {
                    float[] sums = new float[3];
                    try (PeerExchange x = PeerExchange.connect(self, listeners.get(self), addresses(listeners), 10_000, 4 * floats)) {
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
            for (ServerSocketChannel l : listeners) {
                l.close();
            }
        }
    }

    @Test
    void aTaskThatStopsSendingFailsItsPeerWithinTheTimeout() throws Exception {
        List<ServerSocketChannel> listeners = listeners(2);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<PeerExchange> silent = pool.submit(() -> PeerExchange.connect(1, listeners.get(1), addresses(listeners), 5_000, 4000));
            try (PeerExchange talker = PeerExchange.connect(0, listeners.get(0), addresses(listeners), 300, 4000);
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
            for (ServerSocketChannel l : listeners) {
                l.close();
            }
        }
    }

    /** A task's word to the hub, as {@link SyncRoundTask} says it ({@link RoundProtocol}); returns whether it may go on and the addresses. */
    private static String meet(InetSocketAddress hub, int attempt, int partition, long testCorrect) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(hub, 5000);
            s.setSoTimeout(5000);
            RoundProtocol.writeArrival(new DataOutputStream(s.getOutputStream()), new RoundProtocol.Arrival(attempt, partition,
                    InetSocketAddress.createUnresolved("127.0.0.1", 1000 + partition), true, new Hits(testCorrect, 100), Hits.NONE));
            RoundProtocol.Answer answer = RoundProtocol.readAnswer(new DataInputStream(s.getInputStream()), 2);
            String peers = answer.addresses().get(0).getHostString() + ":" + answer.addresses().get(0).getPort() + ","
                    + answer.addresses().get(1).getHostString() + ":" + answer.addresses().get(1).getPort();
            return answer.go() + " " + peers;
        }
    }

    @Test
    void theHubCountsTheEpochDecidesOnceAndAnswersARetriedAttempt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (RoundHub hub = new RoundHub(LOOPBACK, 2, true, 10_000)) {
            InetSocketAddress at = hub.address();
            // attempt 0: one task comes, then the stage is retried; attempt 1's two tasks are answered
            Future<String> lost = pool.submit(() -> meet(at, 0, 1, 50));
            Thread.sleep(200);
            Future<String> a = pool.submit(() -> meet(at, 1, 0, 40));
            Future<String> b = pool.submit(() -> meet(at, 1, 1, 50));
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
}
