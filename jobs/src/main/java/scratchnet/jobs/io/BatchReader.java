package scratchnet.jobs.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

import scratchnet.core.BadInputException;
import scratchnet.core.data.IdxHeader;
import scratchnet.core.data.IdxReader;
import scratchnet.core.data.MnistSet;

/**
 * The executor side of {@link MnistSource}: fills batch descriptors with their records, read with
 * positioned reads from the raw IDX files through the Hadoop FileSystem API. One reader serves a
 * partition; its streams are opened on first use and closed with it.
 */
public final class BatchReader implements Closeable {
    private final String imagesUri;
    private final String labelsUri;
    private final Configuration conf;
    private FSDataInputStream images;
    private FSDataInputStream labels;

    /**
     * What an executor needs to read a split: the two files and the Hadoop configuration.
     *
     * @param imagesUri the images file
     * @param labelsUri the labels file
     * @param conf      the driver's Hadoop configuration, broadcast once
     */
    public record Spec(String imagesUri, String labelsUri, Broadcast<SerializableConfiguration> conf) implements Serializable {
        /** @return a reader of these files, for one partition */
        public BatchReader reader() {
            return new BatchReader(imagesUri, labelsUri, conf.value().value());
        }
    }

    /**
     * @param imagesUri the raw images file
     * @param labelsUri the raw labels file
     * @param conf      the Hadoop configuration
     */
    public BatchReader(String imagesUri, String labelsUri, Configuration conf) {
        this.imagesUri = imagesUri;
        this.labelsUri = labelsUri;
        this.conf = conf;
    }

    /**
     * @return the batch with its records: as it is when already loaded, else read from the files
     * @throws BadInputException when the files have changed under the job or a label is not 0–9
     */
    public MnistBatch load(MnistBatch batch) {
        if (batch.isLoaded()) {
            return batch;
        }
        if (images == null) {
            images = HadoopFiles.open(new Path(imagesUri), conf);
            labels = HadoopFiles.open(new Path(labelsUri), conf);
        }
        byte[] pixels = new byte[batch.count() * MnistSet.PIXELS];
        byte[] digits = new byte[batch.count()];
        readFully(images, imagesUri, IdxHeader.Kind.IMAGES.offsetOf(batch.first(), MnistSet.PIXELS), pixels);
        readFully(labels, labelsUri, IdxHeader.Kind.LABELS.offsetOf(batch.first(), 1), digits);
        IdxReader.checkLabels(digits, 0, digits.length, batch.first(), labelsUri);
        return new MnistBatch(batch.first(), batch.count(), pixels, digits);
    }

    private static void readFully(FSDataInputStream in, String source, long position, byte[] into) {
        try {
            in.readFully(position, into);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read " + into.length + " bytes at offset " + position + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (images != null) {
            images.close();
            labels.close();
        }
    }
}
