package scratchnet.jobs.training;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import scratchnet.core.text.PythonFormat;
import scratchnet.core.viz.TrainingCurvesPlot;

/**
 * What the book's {@code train_neuralnet.py} collects: the loss of every iteration
 * ({@code train_loss_list}) and the train and test accuracy of every epoch
 * ({@code train_acc_list}, {@code test_acc_list}); written as {@code curves.csv} and drawn as
 * {@code curves.png}.
 */
public final class TrainingCurves {
    /**
     * One evaluation.
     *
     * @param iteration the steps done when it was measured
     * @param epoch     {@code iteration / iterations per epoch}
     * @param trainAcc  accuracy on the training set (NaN when not measured)
     * @param testAcc   accuracy on the test set
     */
    public record EpochAccuracy(long iteration, double epoch, double trainAcc, double testAcc) {
    }

    private double[] loss = new double[1024];
    private int steps;
    private final List<EpochAccuracy> evaluations = new ArrayList<>();

    /** Appends the loss of the next iteration. */
    void addLoss(double value) {
        if (steps == loss.length) {
            loss = Arrays.copyOf(loss, 2 * steps);
        }
        loss[steps++] = value;
    }

    /** @return the loss of iterations {@code 1 … n} */
    double[] losses() {
        return Arrays.copyOf(loss, steps);
    }

    /** @return the evaluations so far, oldest first */
    List<EpochAccuracy> evaluations() {
        return List.copyOf(evaluations);
    }

    /** @return the latest evaluation, or {@code null} before the first */
    EpochAccuracy lastEvaluation() {
        return evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
    }

    /** Appends an evaluation. */
    void add(EpochAccuracy e) {
        evaluations.add(e);
    }

    /** Starts again from a checkpoint's curves. */
    void restore(double[] losses, List<EpochAccuracy> saved) {
        loss = Arrays.copyOf(losses, Math.max(1024, losses.length));
        steps = losses.length;
        evaluations.clear();
        evaluations.addAll(saved);
    }

    /**
     * @return {@code curves.csv}: {@code step,loss,epoch,train_acc,test_acc}, one row per iteration;
     *         the accuracy columns are filled on the rows where an evaluation was made
     */
    byte[] csv() {
        StringBuilder sb = new StringBuilder("step,loss,epoch,train_acc,test_acc\n");
        int e = 0;
        for (int i = 0; i < steps; i++) {
            sb.append(i + 1).append(',').append(PythonFormat.repr(loss[i]));
            while (e < evaluations.size() && evaluations.get(e).iteration() < i + 1) {
                e++;
            }
            if (e < evaluations.size() && evaluations.get(e).iteration() == i + 1) {
                EpochAccuracy a = evaluations.get(e);
                sb.append(',').append(PythonFormat.repr(a.epoch()))
                        .append(',').append(Double.isNaN(a.trainAcc()) ? "" : PythonFormat.repr(a.trainAcc()))
                        .append(',').append(PythonFormat.repr(a.testAcc()));
            } else {
                sb.append(",,,");
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Draws {@code curves.png}: accuracy per epoch beside the loss per iteration. */
    void png(OutputStream out) throws IOException {
        int n = evaluations.size();
        double[] epochs = new double[n];
        double[] train = new double[n];
        double[] test = new double[n];
        for (int i = 0; i < n; i++) {
            epochs[i] = evaluations.get(i).epoch();
            train[i] = evaluations.get(i).trainAcc();
            test[i] = evaluations.get(i).testAcc();
        }
        TrainingCurvesPlot.writePng(TrainingCurvesPlot.accuracyChart(epochs, train, test), TrainingCurvesPlot.lossChart(losses()), 640, 480, out);
    }
}
