package scratchnet.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Starting Spark the same way for every job. */
public final class SparkJobs {

    private SparkJobs() {
    }

    /**
     * Starts a Spark context. Under {@code spark-submit} the master and settings come from it;
     * run directly (tests, an IDE) the master defaults to {@code local[*]}.
     *
     * @param appName the application name shown in the Spark UI and event log
     */
    public static JavaSparkContext start(String appName) {
        SparkConf conf = new SparkConf().setAppName("scratchnet " + appName)
                .setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.kryo.registrator", KryoRegistrator.class.getName())
                // Our broadcasts (weights, every training round) are a few hundred kB; Spark's default 4 MB
                // block is allocated whole for each and, being over half a G1 region, as a humongous object.
                .setIfMissing("spark.broadcast.blockSize", "256k");
        return new JavaSparkContext(conf);
    }
}
