package scratchnet.jobs.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scratchnet.core.TestData;
import scratchnet.core.array.F32Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.io.Npz;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.io.FileDigests;
import scratchnet.core.data.MnistSet;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;
import scratchnet.jobs.scoring.MllibModels;
import scratchnet.jobs.scoring.NetworkFiles;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.spark.SparkJobs;

/**
 * The inputs a hostile user hands the commands, made once under a directory: IDX labels that are
 * no digit, Parquet tables that are empty, truncated, mixed with a stray file or of conflicting
 * schemas, with columns that differ only in case or hold a dot, saved MLlib models without their
 * weights, with layers that overflow or metadata of 3 GB (a sparse file), FIFOs where files belong,
 * a report whose runs folder links out of it, and a directory of someone else's files.
 */
final class HostileInputs {
    /** The record whose label is replaced, and its byte in the labels file (after the 8-byte header). */
    static final int BAD_RECORD = 5000;

    final Path dir;
    final Path mnist;

    HostileInputs(Path dir) {
        this.dir = dir;
        this.mnist = TestData.mnistDir();
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    /** Makes every input (Spark in local[2] writes the tables and the model, then stops). */
    void make() throws Exception {
        labelled("labels-10", 10);
        labelled("labels-12", 12);
        SparkSession spark = SparkJobs.session(LocalSpark.context());
        try {
            tables(spark);
            models();
        } finally {
            LocalSpark.stop();
        }
        checkpoints();
        fifo(path("fifo"));
        Path fifoTable = Files.createDirectories(path("table-with-fifo"));
        copy(path("table"), fifoTable);
        fifo(fifoTable.resolve("part-99999.parquet"));
        Path unrelated = Files.createDirectories(path("unrelated"));
        Files.writeString(unrelated.resolve("holiday.jpg"), "someone else's");
        Files.writeString(path("a-file"), "a file, not a directory");
        Path runs = Files.createDirectories(path("report-with-link/runs"));
        Files.writeString(path("secret.txt"), "hunter2:x:0:0:root:/root:/bin/bash");
        Files.createSymbolicLink(runs.resolve("passwd.json"), path("secret.txt"));
    }

    /** MNIST's test set with the label of {@link #BAD_RECORD} set to {@code label}. */
    private void labelled(String name, int label) throws IOException {
        Path d = Files.createDirectories(path(name));
        Files.copy(mnist.resolve("t10k-images-idx3-ubyte"), d.resolve("t10k-images-idx3-ubyte"));
        byte[] labels = Files.readAllBytes(mnist.resolve("t10k-labels-idx1-ubyte"));
        labels[8 + BAD_RECORD] = (byte) label;
        Files.write(d.resolve("t10k-labels-idx1-ubyte"), labels);
    }

    private void tables(SparkSession spark) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        MnistSource test = MnistSource.open(mnist.toString(), false, conf);
        MnistBatch first = test.read(0, 40, conf);
        List<Row> rows = new ArrayList<>();
        List<Row> dotted = new ArrayList<>();
        List<Row> doubled = new ArrayList<>();
        for (int i = 0; i < first.count(); i++) {
            byte[] image = Arrays.copyOfRange(first.images(), i * MnistSet.PIXELS, (i + 1) * MnistSet.PIXELS);
            rows.add(RowFactory.create((int) first.labels()[i], image));
            dotted.add(RowFactory.create((int) first.labels()[i], image));
            doubled.add(RowFactory.create((int) first.labels()[i], image, image));
        }
        StructType schema = new StructType().add("label", DataTypes.IntegerType).add("image", DataTypes.BinaryType);
        spark.createDataFrame(rows, schema).repartition(2).write().parquet(path("table").toString());
        spark.createDataFrame(List.of(), schema).write().parquet(path("empty").toString());
        spark.createDataFrame(rows, new StructType().add("label", DataTypes.IntegerType).add("my.image", DataTypes.BinaryType))
                .write().parquet(path("dotted").toString());

        copy(path("table"), Files.createDirectories(path("stray")));
        Files.writeString(path("stray/labels.csv"), "label,image\n1,abc\n");

        copy(path("table"), Files.createDirectories(path("truncated")));
        try (Stream<Path> parts = Files.list(path("truncated"))) {
            Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
                f.setLength(f.length() / 2);
            }
        }

        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path("conflicting").toString());
        List<Row> floats = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Float[] x = new Float[MnistSet.PIXELS];
            Arrays.fill(x, 0f);
            floats.add(RowFactory.create(1, (Object) x));
        }
        spark.createDataFrame(floats, new StructType().add("label", DataTypes.IntegerType)
                .add("image", DataTypes.createArrayType(DataTypes.FloatType))).coalesce(1).write().mode(SaveMode.Append)
                .parquet(path("conflicting").toString());

        // two columns that differ only in case: written case-sensitively, as another tool would
        spark.conf().set("spark.sql.caseSensitive", "true");
        try {
            spark.createDataFrame(doubled, schema.add("Image", DataTypes.BinaryType)).write().parquet(path("doubled").toString());
        } finally {
            spark.conf().set("spark.sql.caseSensitive", "false");
        }
        removeChecksums(dir);
    }

    private void models() throws IOException, InterruptedException {
        Configuration conf = new Configuration();
        MllibModels.toMllib(NetworkFiles.read("book", conf).network()).write().save(path("mlp").toString());
        copy(path("mlp"), path("mlp-no-data"));
        deleteTree(path("mlp-no-data/data"));

        copy(path("mlp"), path("mlp-overflow"));
        Path meta = metadataPart(path("mlp-overflow"));
        Files.writeString(meta, Files.readString(meta).replaceAll("\"layers\":\\[[^\\]]*\\]", "\"layers\":[784,2000000000,2000000000,10]"));

        copy(path("mlp"), path("mlp-3gb-metadata"));
        try (RandomAccessFile f = new RandomAccessFile(metadataPart(path("mlp-3gb-metadata")).toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: no disk is used
        }

        copy(path("mlp"), path("mlp-fifo-metadata"));
        Path part = metadataPart(path("mlp-fifo-metadata"));
        Files.delete(part);
        fifo(part);
        removeChecksums(dir);
    }

    /** A run of two Adam steps with checkpoints, then copies of it altered as a hand would: keeping the SHA-256 right. */
    private void checkpoints() throws IOException {
        Path run = path("ckpt");
        CliRunner r = CliRunner.run("train", "--data", mnist.toString(), "--iters", "2", "--checkpoint-every", "1", "--optimizer", "adam",
                "--partitions", "2", "--out", run.toString());
        if (r.code() != 0) {
            throw new IllegalStateException("the checkpointed run failed: " + r.err());
        }
        ObjectMapper json = new ObjectMapper();
        copy(run, path("ckpt-no-optimizer"));
        ObjectNode lacking = (ObjectNode) json.readTree(path("ckpt-no-optimizer/checkpoint.json").toFile());
        ((ObjectNode) lacking.get("settings")).remove("optimizer");
        json.writeValue(path("ckpt-no-optimizer/checkpoint.json").toFile(), lacking);

        copy(run, path("ckpt-nan"));
        ObjectNode nan = (ObjectNode) json.readTree(path("ckpt-nan/checkpoint.json").toFile());
        Path npz = path("ckpt-nan").resolve(nan.get("npz").asText());
        Map<String, NdArray> arrays = new LinkedHashMap<>(Npz.read(Files.readAllBytes(npz), npz.toString()));
        ((F32Array) arrays.get("W2")).data()[7] = Float.NaN;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npz.write(arrays, bytes);
        Files.write(npz, bytes.toByteArray());
        nan.put("npz_sha256", FileDigests.sha256(bytes.toByteArray()));
        json.writeValue(path("ckpt-nan/checkpoint.json").toFile(), nan);
        removeChecksums(dir);
    }

    private static Path metadataPart(Path model) throws IOException {
        try (Stream<Path> parts = Files.list(model.resolve("metadata"))) {
            return parts.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
    }

    /** Hadoop's .crc files would name a changed file as damaged; a hostile user's copy has none. */
    private static void removeChecksums(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".crc")).toList()) {
                Files.delete(f);
            }
        }
    }

    static void fifo(Path path) throws IOException, InterruptedException {
        if (new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
