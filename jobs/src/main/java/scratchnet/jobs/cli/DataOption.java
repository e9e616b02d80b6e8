package scratchnet.jobs.cli;

import picocli.CommandLine.Option;

/** {@code --data}: where the commands that read MNIST find it; a {@code @Mixin} of each. */
final class DataOption {
    @Option(names = "--data", paramLabel = "URI", description = "Directory or URI of the four IDX files (raw or .gz); default: the cache.")
    String uri;
}
