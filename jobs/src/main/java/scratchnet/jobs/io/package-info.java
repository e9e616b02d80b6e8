/**
 * Files through the Hadoop FileSystem API ({@code file://}, {@code hdfs://}, {@code s3a://}):
 * reading whole files, atomic outputs (files, and directories such as tables), SHA-256 digests, and MNIST as Spark reads it — the driver
 * checks the IDX headers and cuts ranges of records ({@link scratchnet.jobs.io.MnistSource},
 * {@link scratchnet.jobs.io.ImageRanges}), each executor reads its own byte ranges
 * ({@link scratchnet.jobs.io.BatchReader}, in chunks: {@link scratchnet.jobs.io.RangeBatches}).
 */
package scratchnet.jobs.io;
