package scratchnet.jobs.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.spark.ExecutorHook;

/**
 * Where a {@code train} run's data comes from: MNIST's IDX files ({@link #mnist}), or a table
 * ({@code scratchnet.ml.TrainingTables}); each source cuts its data into the parts the loop trains
 * on, and says what {@code model.json} records of it.
 */
public interface TrainingSource {

    /**
     * @param partitions the parts to cut the training set into
     * @param onLoad     what each task starts before it reads its part, or {@code null} for nothing
     * @return the data, cached on the executors (or to be, on first use)
     */
    TrainingData open(JavaSparkContext sc, int partitions, ExecutorHook onLoad);

    /** @return what {@code model.json} records of the data: its URI, sizes and checksums */
    Map<String, Object> provenance(TrainingData data, Configuration conf);

    /** @return MNIST's four IDX files in a directory or URI, read by the executors from their own byte ranges */
    static TrainingSource mnist(String dataDir) {
        return new TrainingSource() {
            @Override
            public TrainingData open(JavaSparkContext sc, int partitions, ExecutorHook onLoad) {
                return TrainingData.open(sc, dataDir, partitions, onLoad);
            }

            @Override
            public Map<String, Object> provenance(TrainingData td, Configuration conf) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("uri", HadoopFiles.qualify(dataDir, conf).toString());
                m.put("train_images", td.trainCount);
                m.put("test_images", td.testCount);
                m.put("sha256", ModelCard.dataSha256(List.of(td.trainSource.imagesUri(), td.trainSource.labelsUri(),
                        td.testSource.imagesUri(), td.testSource.labelsUri()), conf));
                return m;
            }
        };
    }
}
