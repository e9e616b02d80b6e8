package scratchnet.jobs.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** Starting Spark the same way for every job. */
public final class SparkJobs {
    /** The master when neither spark-submit nor a system property names one. */
    private static final String DEFAULT_MASTER = "local[*]";

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
                .setIfMissing("spark.master", DEFAULT_MASTER)
                .setIfMissing("spark.kryo.registrator", KryoRegistrator.class.getName())
                // Our broadcasts (weights, every training round) are a few hundred kB; Spark's default 4 MB
                // block is allocated whole for each and, being over half a G1 region, as a humongous object.
                .setIfMissing("spark.broadcast.blockSize", "256k");
        return new JavaSparkContext(conf);
    }

    /** @return the Spark SQL session over a started context (the jobs that read and write tables) */
    public static SparkSession session(JavaSparkContext sc) {
        return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    /** @return the master the next context will run on, as spark-submit or {@code -Dspark.master} set it, before it starts */
    public static String configuredMaster() {
        return new SparkConf().get("spark.master", DEFAULT_MASTER);
    }

    /** @return whether a master runs the executors in the driver's JVM ({@code local}, {@code local[N]}, {@code local[*]}) */
    public static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }
}
