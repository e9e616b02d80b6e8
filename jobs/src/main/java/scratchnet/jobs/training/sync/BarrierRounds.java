package scratchnet.jobs.training.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;

import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import scratchnet.core.net.Optimizer;
import scratchnet.jobs.spark.PartitionFunction;
import scratchnet.jobs.spark.ScratchnetSettings;
import scratchnet.jobs.spark.SubmittedJob;
import scratchnet.jobs.training.EpochHits;
import scratchnet.jobs.training.RoundEngine;
import scratchnet.jobs.training.TrainingData;
import scratchnet.jobs.training.TrainingSettings;

/**
 * Synchronous rounds of many steps: a round (the whole run, unless a target, a checkpoint or a
 * signal ends it at an epoch) is one Spark job
 * of barrier tasks, which Spark starts together and, when one fails, retries together from the
 * round's broadcast weights. The tasks meet at the driver's {@link RoundHub} once per round, then
 * at every step add their partial sums among themselves (in shared memory when they all run in one
 * JVM, {@link SharedSum}; else over direct connections, {@link PeerExchange}) and each applies the
 * same update to its own copy of the weights; the weights come back to the driver at the round's
 * end, from the first task ({@link SyncRoundTask}).
 */
public final class BarrierRounds implements RoundEngine {

    private final JavaSparkContext sc;
    private final TrainingSettings settings;
    private final TrainingData data;
    private final int[] shares;
    private final long timeoutMillis;
    private final InetAddress bind;
    private final String advertised;
    private InFlight current;
    private final Broadcasts broadcast;
    private final long handshakeMillis;
    private final ExchangePorts ports;
    private final boolean encrypt;
    private final boolean sharedMemory;
    private final String runId = RoundKey.newRunId();
    private long rounds;

    /** Opens barrier rounds for the training loop, which finds this through the service list ({@link RoundEngine.Barrier}). */
    public static final class Provider implements RoundEngine.Barrier {
        @Override
        public RoundEngine open(JavaSparkContext sc, TrainingSettings settings, TrainingData data) {
            return new BarrierRounds(sc, settings, data);
        }
    }

    BarrierRounds(JavaSparkContext sc, TrainingSettings settings, TrainingData data) {
        this.sc = sc;
        this.settings = settings;
        this.data = data;
        this.shares = settings.shares(data.trainShards());
        this.broadcast = new Broadcasts(sc);
        SparkConf conf = sc.getConf();
        this.timeoutMillis = ScratchnetSettings.TRAIN_EXCHANGE_TIMEOUT.millis(conf);
        this.handshakeMillis = ScratchnetSettings.TRAIN_HANDSHAKE_TIMEOUT.millis(conf);
        this.encrypt = encrypts(conf);
        // a local property of the thread that trains overrides the application's settings, as for Spark's scheduler pools
        String key = ScratchnetSettings.TRAIN_EXCHANGE_PORTS.key();
        String range = sc.getLocalProperty(key);
        this.ports = ExchangePorts.parse(range != null ? range : conf.get(key, null));
        String shared = sc.getLocalProperty(ScratchnetSettings.TRAIN_SHARED_MEMORY.key());
        this.sharedMemory = shared != null ? Boolean.parseBoolean(shared) : ScratchnetSettings.TRAIN_SHARED_MEMORY.on(conf);
        this.advertised = conf.get("spark.driver.host");
        try {
            // the hub listens where the driver does, and nowhere else
            this.bind = InetAddress.getByName(conf.get("spark.driver.bindAddress", advertised));
        } catch (IOException e) {
            throw new UncheckedIOException("the driver's address " + advertised + " cannot be resolved", e);
        }
    }

    /**
     * @return whether the round's messages are sealed: whenever Spark encrypts its own traffic
     *         ({@code spark.network.crypto.enabled} or {@code spark.ssl.enabled})
     */
    static boolean encrypts(SparkConf conf) {
        return conf.getBoolean("spark.network.crypto.enabled", false) || conf.getBoolean("spark.ssl.enabled", false);
    }

    @Override
    public int maxSteps() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean synchronous() {
        return true;
    }

    @Override
    public boolean epochsInside() {
        return true;
    }

    /** A round in flight: its hub, its job and the tasks' results as they arrive. */
    private final class InFlight implements RoundEngine.InFlight {
        private final RoundHub hub;
        private final SyncRoundTask.Result[] results;
        /** The optimizer's state names, in the order the first task returns its state arrays. */
        private final List<String> stateNames;
        private final long startNanos;
        private SubmittedJob job;
        private long lastEpoch = -1;

        private InFlight(RoundHub hub, int parts, List<String> stateNames) {
            this.hub = hub;
            this.results = new SyncRoundTask.Result[parts];
            this.stateNames = stateNames;
            this.startNanos = System.nanoTime();
        }

        @Override
        public EpochHits accuracy() throws Exception {
            try {
                return hub.accuracy();
            } catch (Exception e) {
                job.await();
                throw e;
            }
        }

        @Override
        public EpochReport nextEpoch() throws Exception {
            // a loop that waits for the round's epochs did not cancel it at its start
            hub.decide(true);
            EpochReport e = hub.nextEpoch();
            if (e != null) {
                lastEpoch = e.step();
            }
            return e;
        }

        @Override
        public void goOn(boolean goOn) {
            hub.decideAt(lastEpoch, goOn);
        }

        @Override
        public Result result() throws Exception {
            hub.decide(true);
            job.await();
            SyncRoundTask.Result r = results[0];
            Map<String, float[][]> state = new LinkedHashMap<>();
            if (r.state() != null) {
                for (int i = 0; i < stateNames.size(); i++) {
                    state.put(stateNames.get(i), r.state()[i]);
                }
            }
            String divergence = r.divergence();
            for (SyncRoundTask.Result other : results) {
                if (divergence == null && other.divergence() != null) {
                    divergence = other.divergence();
                }
            }
            return new Result(null, r.params(), state, r.losses(), System.nanoTime() - startNanos, r.computeNanos(), r.exchangeNanos(), r.countNanos(),
                    divergence);
        }

        @Override
        public void cancel() throws InterruptedException {
            hub.decide(false);
            try {
                job.await();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // the round ends either way; its tasks took no steps
            }
        }
    }

    @Override
    public RoundEngine.InFlight start(float[][] params, Optimizer optimizer, long first, int steps, boolean countAccuracy) {
        int parts = shares.length;
        RoundHub hub;
        // a fresh key per round, which reaches the tasks only in their closure, through Spark's own channel
        RoundKey key = RoundKey.fresh(sc.sc().applicationId(), runId, rounds++);
        Spec spec = new Spec(settings, shares, first, steps, optimizer.steps());
        try {
            hub = new RoundHub(bind, ports, key, encrypt, parts, countAccuracy, timeoutMillis, handshakeMillis, spec.epochEnds(), first + steps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the round's tasks on " + bind + ": " + e.getMessage(), e);
        }
        InFlight round = new InFlight(hub, parts, optimizer.stateNames());
        current = round;
        Broadcast<Weights> weights = broadcast.next(Weights.withState(params, optimizer));
        SyncRoundTask.Spec sync = new SyncRoundTask.Spec(spec,
                new InetSocketAddress(advertised, hub.address().getPort()), countAccuracy, timeoutMillis,
                new SyncRoundTask.Exchange(key, encrypt, ports, handshakeMillis, sharedMemory));
        ClassTag<SyncRoundTask.Result> tag = ClassTag$.MODULE$.apply(SyncRoundTask.Result.class);
        // Spark retries a failed barrier stage whole only when it is a shuffle map stage (a result
        // stage may have returned results): the tasks' results go through a shuffle to one partition
        RDD<SyncRoundTask.Result> tasks = data.trainWithTest().rdd().barrier().mapPartitions(new SyncRoundTask(sync, weights), false, tag)
                .repartition(1, null);
        sc.setJobDescription((countAccuracy ? "train: accuracy at step " + first + ", synchronous steps " : "train: synchronous steps ")
                + (first + 1) + "-" + (first + steps));
        round.job = PartitionFunction.submit(sc, JavaRDD.fromRDD(tasks, tag), new AllElements(), (partition, all) -> {
            for (SyncRoundTask.Result r : all) {
                round.results[r.partition()] = r;
            }
        });
        round.job.whenDone(() -> {
            try {
                hub.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return round;
    }

    /** Every task's result, gathered in the one partition after the shuffle. */
    private static final class AllElements extends PartitionFunction<SyncRoundTask.Result, SyncRoundTask.Result[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public SyncRoundTask.Result[] call(int partition, Iterator<SyncRoundTask.Result> results) {
            List<SyncRoundTask.Result> all = new ArrayList<>();
            results.forEachRemaining(all::add);
            return all.toArray(new SyncRoundTask.Result[0]);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (current != null && !current.job.isDone()) {
            // the loop stopped early (an exception, a kill): end the round's tasks wherever they are
            current.hub.decide(false);
            current.job.cancel();
        }
        broadcast.close();
    }
}
