package scratchnet.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scratchnet.jobs.training.TrainingFixture.assertSameWeights;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A synchronous run while strangers attack every port of its exchange (the hub's and every
 * task's, all in a range given by {@code spark.scratchnet.train.exchangePorts}): connecting and
 * closing at once, sending junk, holding connections open. The run ends with the weights of an
 * unattacked run, bit for bit, in about its time.
 */
class ExchangeUnderAttackTest {
    /** The exchange's ports: a random range below the system's ephemeral ports, where no other socket of this JVM is. */
    private static final int FIRST_PORT = 20_000 + new Random().nextInt(12_000);
    private static final int PORTS = 24;

    /** Attackers on every port of the range, each in a thread of its own, until stopped. */
    private static final class Attack implements AutoCloseable {
        private final AtomicBoolean on = new AtomicBoolean(true);
        private final AtomicInteger connections = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        Attack() {
            start(this::connectAndClose);
            start(this::sendJunk);
            start(this::holdOpen);
        }

        private void start(Runnable attacker) {
            Thread t = new Thread(attacker, "attacker");
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }

        private Socket connect(int port) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                connections.incrementAndGet();
                return s;
            } catch (IOException e) {
                return null;
            }
        }

        private void pause() {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                on.set(false);
            }
        }

        private void connectAndClose() {
            while (on.get()) {
                for (int port = FIRST_PORT; port < FIRST_PORT + PORTS; port++) {
                    close(connect(port));
                }
                pause();
            }
        }

        private void sendJunk() {
            Random random = new Random(1);
            byte[] junk = new byte[64];
            while (on.get()) {
                for (int port = FIRST_PORT; port < FIRST_PORT + PORTS; port++) {
                    Socket s = connect(port);
                    if (s != null) {
                        random.nextBytes(junk);
                        if (random.nextBoolean()) {
                            // the protocol's first word, then junk in place of a proof
                            System.arraycopy(new byte[] {'S', 'N', 'X', '1'}, 0, junk, 0, 4);
                        }
                        try {
                            OutputStream out = s.getOutputStream();
                            out.write(junk);
                            out.flush();
                        } catch (IOException ignored) {
                            // dropped already
                        }
                        close(s);
                    }
                }
                pause();
            }
        }

        private void holdOpen() {
            Deque<Socket> held = new ArrayDeque<>();
            while (on.get()) {
                for (int port = FIRST_PORT; port < FIRST_PORT + PORTS; port++) {
                    Socket s = connect(port);
                    if (s != null) {
                        held.add(s);
                    }
                    while (held.size() > 32) {
                        close(held.poll());
                    }
                }
                pause();
            }
            held.forEach(Attack::close);
        }

        private static void close(Socket s) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // an attacker's socket
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            on.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
        }
    }

    @Test
    void strangersOnEveryExchangePortNeitherChangeNorStallARun() throws Exception {
        TrainingData data = TrainingFixture.data(2);
        // epochs of 60 steps: two rounds, each with a hub and two tasks' listeners, and both accuracies counted
        TrainingSettings s = TrainingFixture.settings(data, "batchSize", 1000, "iterations", 100L, "seed", 5L, "trainAccuracy", true);
        String key = "spark.scratchnet.train.exchangePorts";
        TrainingFixture.sc().setLocalProperty(key, FIRST_PORT + "-" + (FIRST_PORT + PORTS - 1));
        // the tasks' sums over sockets, as between executors, though both tasks run in this JVM
        String shared = "spark.scratchnet.train.sharedMemory";
        TrainingFixture.sc().setLocalProperty(shared, "false");
        try {
            // a first short run, so that neither timed run pays for the first barrier stage's set-up
            TrainingFixture.train(TrainingFixture.with(s, "iterations", 2L), data, null);
            long t0 = System.nanoTime();
            Training.Result clean = TrainingFixture.train(s, data, null);
            double cleanSeconds = (System.nanoTime() - t0) / 1e9;
            Training.Result attacked;
            double attackedSeconds;
            int connections;
            try (Attack attack = new Attack()) {
                long t1 = System.nanoTime();
                attacked = TrainingFixture.train(s, data, null);
                attackedSeconds = (System.nanoTime() - t1) / 1e9;
                connections = attack.connections.get();
            }
            assertEquals("barrier", attacked.engine());
            assertSameWeights(clean.params(), attacked.params(), "under attack");
            assertArrayEquals(clean.curves().losses(), attacked.curves().losses());
            assertEquals(clean.curves().evaluations(), attacked.curves().evaluations());
            assertTrue(connections > 20, "the attackers got through to the exchange's ports " + connections + " times");
            assertTrue(attackedSeconds < 2 * cleanSeconds + 2, "attacked " + attackedSeconds + " s, clean " + cleanSeconds + " s");
        } finally {
            TrainingFixture.sc().setLocalProperty(key, null);
            TrainingFixture.sc().setLocalProperty(shared, null);
        }
    }
}
