package scratchnet.jobs.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.core.data.Mnist;
import scratchnet.core.data.MnistSet;
import scratchnet.core.io.BookWeights;
import scratchnet.core.net.Network;
import scratchnet.core.net.Scorer;
import scratchnet.jobs.evaluation.Evaluation;
import scratchnet.jobs.io.DataDirs;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.scoring.NetworkFiles;
import scratchnet.jobs.spark.SparkJobs;

/**
 * {@code benchmark}: wall times of the evaluation, for jobs/bench/README.md. Core batch inference over the
 * test set ({@link Scorer}, batches of 100, as NumPy's reference script), on one thread and on
 * every core; then the Spark evaluate job, its first run and the median of the following ones.
 * Prints the median and minimum of each.
 */
@CommandLine.Command(name = "benchmark", description = {"Time the evaluation, in core and as the Spark job.",
        "Core batch inference on one thread and on every core, then the Spark job's first run and the median of the others."})
public final class BenchmarkCommand implements Command {

    @Option(names = "--weights", paramLabel = "FILE", defaultValue = BookWeights.NAME,
            description = "The weights to time; default: book, the book's weights in the jar (as the NumPy reference).")
    private String weightsUri;

    @Option(names = "--data", paramLabel = "DIR", description = "The directory of the four IDX files; default: the cache.")
    private String data;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "21", converter = Values.AtLeast1.class,
            description = "Timed runs of each, after one warm-up, at least 1.")
    private int runs;

    @Mixin
    private PartitionsOption partitions;

    @Override
    public void run(PrintStream out, PrintStream err) throws Exception {
        String dataDir = DataDirs.resolve(data, err);
        try (JavaSparkContext sc = SparkJobs.start(name())) {
            Network network = NetworkFiles.read(weightsUri, sc.hadoopConfiguration()).network();
            MnistSet test = Mnist.readSet(java.nio.file.Path.of(java.net.URI.create(HadoopFiles.qualify(dataDir, sc.hadoopConfiguration()).toUri().toString())), false);
            float[] x = test.normalizedImages();
            Scorer scorer = new Scorer(network);
            int threads = Runtime.getRuntime().availableProcessors();

            report(out, "core batch100, 1 thread", time(runs, () -> check(correct(scorer, x, test, 0, test.count()))));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                report(out, "core batch100, " + threads + " threads", time(runs, () -> check(correctParallel(pool, threads, scorer, x, test))));
            } finally {
                pool.shutdown();
            }

            MnistSource source = MnistSource.open(dataDir, false, sc.hadoopConfiguration());
            int parts = partitions.orElse(sc.defaultParallelism());
            long start = System.nanoTime();
            check(Evaluation.evaluate(sc, source, network, 100, parts).correct());
            out.printf(Locale.ROOT, "%-34s first run %8.2f ms%n", "spark evaluate, " + parts + " partitions", (System.nanoTime() - start) / 1e6);
            report(out, "spark evaluate, " + parts + " partitions", time(runs, () -> check(Evaluation.evaluate(sc, source, network, 100, parts).correct())));
        }
    }

    private static void check(long correct) {
        if (correct != 9352 && correct != 0) {
            throw new IllegalStateException("benchmark computed " + correct + " correct predictions; expected 9352 on MNIST");
        }
    }

    private static long correct(Scorer scorer, float[] x, MnistSet test, int from, int to) {
        long correct = 0;
        for (int first = from; first < to; first += 100) {
            int n = Math.min(100, to - first);
            int at = first;
            correct += scorer.score(x, first * MnistSet.PIXELS, n).correct(i -> test.label(at + i));
        }
        return correct;
    }

    private static long correctParallel(ExecutorService pool, int threads, Scorer scorer, float[] x, MnistSet test) throws Exception {
        int batches = (test.count() + 99) / 100;
        @SuppressWarnings("unchecked")
        Future<Long>[] parts = new Future[threads];
        for (int t = 0; t < threads; t++) {
            int from = batches * t / threads * 100;
            int to = Math.min(test.count(), batches * (t + 1) / threads * 100);
            parts[t] = pool.submit(() -> correct(scorer, x, test, from, to));
        }
        long sum = 0;
        for (Future<Long> f : parts) {
            sum += f.get();
        }
        return sum;
    }

    /** Something to time, which may throw. */
    private interface Run {
        void run() throws Exception;
    }

    /** One warm-up, then {@code runs} timed runs; returns their times in milliseconds, sorted. */
    private static double[] time(int runs, Run body) throws Exception {
        body.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(PrintStream out, String what, double[] sortedMs) {
        out.printf(Locale.ROOT, "%-34s median %8.2f ms  min %8.2f ms  (%d runs)%n", what, sortedMs[sortedMs.length / 2], sortedMs[0], sortedMs.length);
    }
}
