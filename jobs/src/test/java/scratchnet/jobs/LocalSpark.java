package scratchnet.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One {@code local[2]} Spark context for all tests of a run, configured as conf/spark-defaults.conf. */
final class LocalSpark {
    private static JavaSparkContext sc;

    private LocalSpark() {
    }

    /** @return the shared context, started on first use and stopped when the JVM exits */
    static synchronized JavaSparkContext context() {
        if (sc == null) {
            System.setProperty("spark.master", "local[2]");
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            sc = new JavaSparkContext(new SparkConf().setAppName("scratchnet tests"));
            Runtime.getRuntime().addShutdownHook(new Thread(sc::stop));
        }
        return sc;
    }
}
