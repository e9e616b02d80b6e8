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
        byte[] pixels = new byte[Math.multiplyExact(batch.count(), MnistSet.PIXELS)];
        byte[] digits = new byte[batch.count()];
        read(batch.first(), batch.count(), pixels, digits);
        return new MnistBatch(batch.first(), batch.count(), pixels, digits);
    }

    /**
     * Reads records into buffers the caller reuses: one positioned read for their pixels, one for
     * their labels.
     *
     * @param first  index of the first record
     * @param count  number of records
     * @param pixels receives {@code count × 784} pixels at its start
     * @param digits receives {@code count} labels at its start
     * @throws BadInputException when the files have changed under the job or a label is not 0–9
     */
    public void read(int first, int count, byte[] pixels, byte[] digits) {
        if (images == null) {
            images = HadoopFiles.open(new Path(imagesUri), conf);
            labels = HadoopFiles.open(new Path(labelsUri), conf);
        }
        readFully(images, imagesUri, IdxHeader.Kind.IMAGES.offsetOf(first, MnistSet.PIXELS), pixels, Math.multiplyExact(count, MnistSet.PIXELS));
        readFully(labels, labelsUri, IdxHeader.Kind.LABELS.offsetOf(first, 1), digits, count);
        IdxReader.checkLabels(digits, 0, count, first, labelsUri);
    }

    private static void readFully(FSDataInputStream in, String source, long position, byte[] into, int length) {
        try {
            in.readFully(position, into, 0, length);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read " + length + " bytes at offset " + position + ": " + e.getMessage(), e);
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
