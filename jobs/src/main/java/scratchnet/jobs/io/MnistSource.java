package scratchnet.jobs.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import scratchnet.core.BadInputException;
import scratchnet.core.data.IdxHeader;
import scratchnet.core.data.IdxReader;
import scratchnet.core.data.MnistFile;
import scratchnet.core.data.MnistSet;

/**
 * One split of MNIST (train or test) on any Hadoop file system, as the driver sees it: checked
 * headers and the record count. For raw IDX files the driver reads nothing but the headers and
 * executors read their own byte ranges; a gzipped file cannot be read at an offset, so it is
 * decompressed once here and its batches carry their records.
 */
public final class MnistSource implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String imagesUri;
    private final String labelsUri;
    private final int count;
    private final transient MnistSet decompressed;

    private MnistSource(String imagesUri, String labelsUri, int count, MnistSet decompressed) {
        this.imagesUri = imagesUri;
        this.labelsUri = labelsUri;
        this.count = count;
        this.decompressed = decompressed;
    }

    /**
     * Finds and checks a split's two files in a directory.
     *
     * @param dataDir a directory URI or path holding the IDX files (raw or {@code .gz})
     * @param train   the training split, else the test split
     * @throws BadInputException when a file is missing, malformed, or the counts differ
     */
    public static MnistSource open(String dataDir, boolean train, Configuration conf) {
        Path dir = HadoopFiles.qualify(dataDir, conf);
        Path images = locate(dir, MnistFile.images(train), conf);
        Path labels = locate(dir, MnistFile.labels(train), conf);
        boolean gz = images.getName().endsWith(".gz") || labels.getName().endsWith(".gz");
        if (gz) {
            MnistSet set = MnistSet.read(readWhole(images, IdxHeader.Kind.IMAGES, conf), images.toString(),
                    readWhole(labels, IdxHeader.Kind.LABELS, conf), labels.toString());
            return nonEmpty(new MnistSource(images.toString(), labels.toString(), set.count(), set));
        }
        IdxHeader ih = readHeader(images, IdxHeader.Kind.IMAGES, conf);
        IdxHeader lh = readHeader(labels, IdxHeader.Kind.LABELS, conf);
        if (ih.count() != lh.count()) {
            throw new BadInputException(images + " holds " + ih.count() + " images but " + labels + " holds " + lh.count() + " labels");
        }
        return nonEmpty(new MnistSource(images.toString(), labels.toString(), ih.count(), null));
    }

    /** No job has a meaning on zero images: an accuracy of 0/0 is not 0.0. */
    private static MnistSource nonEmpty(MnistSource source) {
        if (source.count == 0) {
            throw new BadInputException(source.imagesUri + ": holds no images (a data set of zero images cannot be evaluated or trained on)");
        }
        return source;
    }

    private static Path locate(Path dir, MnistFile file, Configuration conf) {
        Path raw = new Path(dir, file.fileName);
        Path gz = new Path(dir, file.fileName + ".gz");
        for (Path p : new Path[] {raw, gz}) {
            if (HadoopFiles.exists(p, conf)) {
                HadoopFiles.requireFile(p, conf);
                return p;
            }
        }
        if (!HadoopFiles.exists(dir, conf)) {
            throw new BadInputException(dir + ": no such directory (--data names the directory of the four IDX files)");
        }
        throw new BadInputException(raw + ": no such file (nor .gz)");
    }

    private static IdxHeader readHeader(Path path, IdxHeader.Kind kind, Configuration conf) {
        long length = HadoopFiles.length(path, conf);
        byte[] head = new byte[kind.headerBytes];
        int n = 0;
        try (FSDataInputStream in = HadoopFiles.open(path, conf)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read the header: " + e.getMessage(), e);
        }
        IdxHeader header = IdxHeader.parse(head, n, kind, path.toString());
        header.checkLength(length, path.toString());
        return header;
    }

    private static IdxReader.IdxContent readWhole(Path path, IdxHeader.Kind kind, Configuration conf) {
        try (InputStream in = HadoopFiles.open(path, conf)) {
            return IdxReader.read(in, kind, path.toString());
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @return the number of records */
    public int count() {
        return count;
    }

    /** @return the images file */
    public String imagesUri() {
        return imagesUri;
    }

    /** @return the labels file */
    public String labelsUri() {
        return labelsUri;
    }

    /**
     * Reads some records on the driver, for commands that need only a few.
     *
     * @param first index of the first record
     * @param count number of records
     */
    public MnistBatch read(int first, int count, Configuration conf) {
        checkRange(first, count);
        if (decompressed != null) {
            return slice(first, count);
        }
        try (BatchReader reader = new BatchReader(imagesUri, labelsUri, conf)) {
            return reader.load(MnistBatch.descriptor(first, count));
        } catch (IOException e) {
            throw new BadInputException(imagesUri + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads scattered records on the driver, one by one through one reader, for commands that
     * need a few (e.g. the misclassified ones).
     *
     * @param indices the records' indices
     * @return one single-record batch per index, in the order given
     */
    public List<MnistBatch> readEach(int[] indices, Configuration conf) {
        for (int i : indices) {
            checkRange(i, 1);
        }
        List<MnistBatch> out = new ArrayList<>(indices.length);
        if (decompressed != null) {
            for (int i : indices) {
                out.add(slice(i, 1));
            }
            return out;
        }
        try (BatchReader reader = new BatchReader(imagesUri, labelsUri, conf)) {
            for (int i : indices) {
                out.add(reader.load(MnistBatch.descriptor(i, 1)));
            }
            return out;
        } catch (IOException e) {
            throw new BadInputException(imagesUri + ": cannot read: " + e.getMessage(), e);
        }
    }

    private void checkRange(int first, int count) {
        if (first < 0 || count < 0 || first + count > this.count) {
            throw new BadInputException("records " + first + ".." + (first + count - 1) + " are out of range: " + imagesUri + " holds " + this.count);
        }
    }

    private MnistBatch slice(int first, int n) {
        byte[] images = new byte[Math.multiplyExact(n, MnistSet.PIXELS)];
        System.arraycopy(decompressed.images(), Math.multiplyExact(first, MnistSet.PIXELS), images, 0, images.length);
        byte[] labels = new byte[n];
        System.arraycopy(decompressed.labels(), first, labels, 0, n);
        return new MnistBatch(first, n, images, labels);
    }

    /**
     * Cuts the split into batches of {@code batchSize} records (the last may be shorter):
     * descriptors for raw files, loaded batches for decompressed ones. A range per batch.
     */
    public List<MnistBatch> batches(int batchSize) {
        return ranges(batchSize, Integer.MAX_VALUE);
    }

    /**
     * Cuts the split into at most {@code parts} runs of whole batches ({@link ImageRanges}): one
     * descriptor per partition for raw files, whatever the number of images; loaded runs for a
     * decompressed file (which is test-set sized: its records are on the driver anyway).
     */
    public List<MnistBatch> ranges(int batchSize, int parts) {
        ImageRanges ranges = new ImageRanges(count, batchSize, parts);
        List<MnistBatch> out = new ArrayList<>(ranges.size());
        for (int p = 0; p < ranges.size(); p++) {
            out.add(decompressed == null ? MnistBatch.descriptor(ranges.first(p), ranges.count(p)) : slice(ranges.first(p), ranges.count(p)));
        }
        return out;
    }

    /**
     * Cuts the split into {@code parts} runs of consecutive records of nearly equal size (run
     * {@code p} starts at record {@code ⌊count·p/parts⌋}): ranges of batches of one record,
     * descriptors for raw files, loaded runs for decompressed ones.
     */
    public List<MnistBatch> shards(int parts) {
        return ranges(1, Math.max(1, parts));
    }
}
