package scratchnet.jobs.cli;

import picocli.CommandLine.Option;

/** {@code --partitions}: the Spark partitions a job's data is cut into; a {@code @Mixin} of each command that has it. */
final class PartitionsOption {
    @Option(names = "--partitions", paramLabel = "N", converter = Values.Partitions.class,
            description = "Partitions (Spark tasks) the data is cut into, 1 to 100000; default: Spark's default parallelism.")
    Integer count;

    /** @return the number given, or {@code fallback} (Spark's default parallelism) */
    int orElse(int fallback) {
        return count != null ? count : fallback;
    }
}
