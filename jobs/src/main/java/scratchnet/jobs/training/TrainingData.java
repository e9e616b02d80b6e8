package scratchnet.jobs.training;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

import scala.Tuple2;

import scratchnet.core.data.SparseImages;
import scratchnet.jobs.io.BatchReader;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.spark.ExecutorHook;
import scratchnet.jobs.spark.StartupTuning;

/**
 * The training and test sets as training uses them: cut into parts of consecutive images, each
 * part read by an executor from its own byte ranges of the IDX files ({@link BatchReader}),
 * turned into its nonzero pixels ({@link SparseImages}, about 36 MB for the 60,000 training
 * images instead of 47 MB of raw pixels) and cached there, in memory, once. The driver sees only
 * the headers and the part sizes; nothing moves per step but weights and sums. A task starts the
 * hook it is given ({@link StartupTuning}'s choice) before it loads its part.
 */
public final class TrainingData {
    /** The training set, one {@link SparseImages} per partition. */
    final JavaRDD<SparseImages> train;
    /** The test set, one {@link SparseImages} per partition. */
    final JavaRDD<SparseImages> test;
    /** Partition {@code i} of both, side by side: what a synchronous round's task {@code i} works on. */
    final JavaRDD<Tuple2<SparseImages, SparseImages>> trainWithTest;
    /** Images in each training partition. */
    final int[] trainShards;
    /** Images in the training set. */
    final int trainCount;
    /** Images in the test set. */
    final int testCount;
    /** The split files, for provenance; {@code null} for data from a table ({@link #ofParts}). */
    final MnistSource trainSource;
    final MnistSource testSource;
    private final Broadcast<SerializableConfiguration> conf;

    private TrainingData(JavaRDD<SparseImages> train, JavaRDD<SparseImages> test, int[] trainShards, int testCount, MnistSource trainSource,
                         MnistSource testSource, Broadcast<SerializableConfiguration> conf) {
        this.train = train;
        this.test = test;
        this.trainWithTest = train.zipPartitions(test, (a, b) -> List.of(new Tuple2<>(a.next(), b.next())).iterator());
        this.trainShards = trainShards;
        this.trainCount = java.util.Arrays.stream(trainShards).sum();
        this.testCount = testCount;
        this.trainSource = trainSource;
        this.testSource = testSource;
        this.conf = conf;
    }

    /**
     * Training data built elsewhere (from a table: {@code scratchnet.ml}), one {@link SparseImages}
     * per partition in both sets, which must have as many partitions; cached here, and read now
     * (one job), since the loop needs the parts' sizes.
     *
     * @param train the training set's parts
     * @param test  the test set's parts (empty parts for none)
     */
    public static TrainingData ofParts(JavaRDD<SparseImages> train, JavaRDD<SparseImages> test) {
        if (train.getNumPartitions() != test.getNumPartitions()) {
            throw new IllegalArgumentException(train.getNumPartitions() + " training parts but " + test.getNumPartitions() + " test parts");
        }
        train.persist(StorageLevel.MEMORY_ONLY());
        test.persist(StorageLevel.MEMORY_ONLY());
        int[] shards = train.map(SparseImages::count).collect().stream().mapToInt(Integer::intValue).toArray();
        int testCount = test.map(SparseImages::count).collect().stream().mapToInt(Integer::intValue).sum();
        return new TrainingData(train, test, shards, testCount, null, null, null);
    }

    /** @return images in the training set */
    public int trainCount() {
        return trainCount;
    }

    /** @return images in the test set */
    public int testCount() {
        return testCount;
    }

    /**
     * Opens both splits (headers only) and defines their cached partitions; nothing is read until
     * {@link #materialize()} or the first job.
     *
     * @param partitions parts to cut each split into
     * @param onLoad     what each task starts before it reads its part, or {@code null} for nothing
     */
    public static TrainingData open(JavaSparkContext sc, String dataDir, int partitions, ExecutorHook onLoad) {
        MnistSource trainSource = MnistSource.open(dataDir, true, sc.hadoopConfiguration());
        MnistSource testSource = MnistSource.open(dataDir, false, sc.hadoopConfiguration());
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        List<MnistBatch> trainParts = trainSource.shards(partitions);
        int[] sizes = trainParts.stream().mapToInt(MnistBatch::count).toArray();
        JavaRDD<SparseImages> train = cached(sc, trainSource, trainParts, conf, onLoad, "MNIST train (nonzero pixels)");
        JavaRDD<SparseImages> test = cached(sc, testSource, testSource.shards(partitions), conf, onLoad, "MNIST test (nonzero pixels)");
        return new TrainingData(train, test, sizes, testSource.count(), trainSource, testSource, conf);
    }

    private static JavaRDD<SparseImages> cached(JavaSparkContext sc, MnistSource source, List<MnistBatch> parts,
                                                Broadcast<SerializableConfiguration> conf, ExecutorHook onLoad, String name) {
        BatchReader.Spec spec = new BatchReader.Spec(source.imagesUri(), source.labelsUri(), conf);
        return sc.parallelize(parts, parts.size())
                .mapPartitions(it -> {
                    if (onLoad != null) {
                        onLoad.start();
                    }
                    List<SparseImages> out = new ArrayList<>(1);
                    try (BatchReader reader = spec.reader()) {
                        while (it.hasNext()) {
                            MnistBatch b = reader.load(it.next());
                            out.add(SparseImages.of(b.first(), b.images(), b.labels()));
                        }
                    }
                    return out.iterator();
                })
                .setName(name)
                .persist(StorageLevel.MEMORY_ONLY());
    }

    /** @return training partition {@code i} beside test partition {@code i}: what a synchronous round's task {@code i} works on */
    public JavaRDD<Tuple2<SparseImages, SparseImages>> trainWithTest() {
        return trainWithTest;
    }

    /** @return the images in each training partition */
    public int[] trainShards() {
        return trainShards.clone();
    }

    /** Reads and caches both splits on the executors now (one job). */
    public void materialize() {
        train.union(test).count();
    }

    /** @return the bytes the executors' block managers report for a cached split */
    static long cachedBytes(JavaSparkContext sc, JavaRDD<?> rdd) {
        for (RDDInfo info : sc.sc().getRDDStorageInfo()) {
            if (info.id() == rdd.id()) {
                return info.memSize();
            }
        }
        return 0;
    }


    /**
     * Drops the cached splits and the broadcast configuration, waiting until they are gone (an
     * asynchronous removal finishing after the context stops makes Spark print an exception).
     */
    public void release() {
        train.unpersist(true);
        test.unpersist(true);
        if (conf != null) {
            conf.destroy(true);
        }
    }
}
