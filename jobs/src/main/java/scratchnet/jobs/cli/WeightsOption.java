package scratchnet.jobs.cli;

import org.apache.hadoop.conf.Configuration;

import picocli.CommandLine.Option;

import scratchnet.jobs.scoring.ProjectModel;
import scratchnet.jobs.scoring.NetworkFiles;

/** {@code --weights}: the network a command runs, the project's model when not given; a {@code @Mixin} of each. */
final class WeightsOption {
    @Option(names = "--weights", paramLabel = "FILE", description = "book (the book's weights, in the jar), the book's .pkl, "
            + "an .npz, a saved MLlib or scratchnet.ml model directory or an ONNX model (told by content); default: the project's own model.")
    String uri;

    /** @return the network named, or the project's model */
    NetworkFiles.Loaded read(Configuration conf) {
        return NetworkFiles.read(uri, conf);
    }

    /** @return how messages name the weights */
    String name() {
        return uri == null ? ProjectModel.NAME : uri;
    }
}
