package scratchnet.jobs.cli;

import java.io.PrintStream;

import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import scratchnet.core.io.OnnxWriter;
import scratchnet.core.net.Network;
import scratchnet.jobs.io.HadoopOutput;
import scratchnet.jobs.scoring.NetworkFiles;

/**
 * {@code export-onnx}: the network as an ONNX model ({@link OnnxWriter}), written atomically to any
 * Hadoop file system. ONNX Runtime and other ONNX tools run it; every {@code --weights} option reads
 * it back. It runs no Spark job: the weights are small and read where the command runs.
 */
@CommandLine.Command(name = "export-onnx", description = {"Write the network as an ONNX model.",
        "Input 'input' [batch, width] float32; outputs 'probability' (softmax) and 'logits'.",
        "ONNX Runtime and other ONNX tools run it; every --weights option accepts it."})
public final class ExportOnnxCommand implements Command {
    @Mixin
    private WeightsOption weights;

    @Option(names = "--out", paramLabel = "FILE.onnx", converter = Values.Output.class, required = true, description = "The model file; it must not exist unless --overwrite.")
    private String outUri;

    @Option(names = "--overwrite", description = "Replace an existing file (only once the new one is complete).")
    private boolean overwrite;

    @Override
    public void run(PrintStream out, PrintStream err) {
        Configuration conf = new Configuration();
        NetworkFiles.Loaded loaded = weights.read(conf);
        Network network = loaded.network();
        String uri = HadoopOutput.writeAtomically(outUri, overwrite, conf,
                o -> OnnxWriter.write(network, loaded.source(), loaded.sha256(), o)).toString();
        out.println("wrote " + uri + ": ONNX opset " + OnnxWriter.OPSET + ", layers " + network.sizes() + ", input '" + OnnxWriter.INPUT
                + "' [batch, " + network.sizes().inputSize() + "], outputs '" + OnnxWriter.PROBABILITY + "' and '" + OnnxWriter.LOGITS
                + "', from " + loaded.source());
    }
}
