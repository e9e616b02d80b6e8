package scratchnet.jobs.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

import scratchnet.core.BadInputException;
import scratchnet.core.data.MnistCache;

/**
 * SHA-256 of the files a run read, for its provenance: of bytes already on the driver (the
 * weights), and of data files on the executors, one task per file, so that the images never pass
 * through the driver.
 */
public final class FileDigests {

    private FileDigests() {
    }

    /** @return the lower-case hex SHA-256 of {@code bytes} */
    public static String sha256(byte[] bytes) {
        try {
            return MnistCache.sha256(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hashes files on the executors, each read whole through the Hadoop FileSystem API.
     *
     * @param uris qualified file URIs
     * @return each URI's lower-case hex SHA-256, in the order given
     */
    public static Map<String, String> sha256OnExecutors(JavaSparkContext sc, List<String> uris) {
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        try {
            Map<String, String> out = new LinkedHashMap<>();
            sc.parallelize(uris, uris.size())
                    .map(uri -> new Tuple2<>(uri, sha256(uri, conf.value().value())))
                    .collect()
                    .forEach(t -> out.put(t._1(), t._2()));
            return out;
        } finally {
            conf.destroy();
        }
    }

    /** @return the SHA-256 of a file, streamed */
    public static String sha256(String uri, Configuration conf) {
        Path path = new Path(uri);
        try (InputStream in = HadoopFiles.open(path, conf)) {
            return MnistCache.sha256(in);
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
