package scratchnet.jobs.cli;

import picocli.CommandLine.Option;

/** {@code --batch-size}: images per batch, as the book's {@code batch_size}; a {@code @Mixin} of each command that has it. */
final class BatchSizeOption {
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100", converter = Values.BatchSize.class,
            description = "Images per batch, 1 to 1000000.")
    int size;
}
