package scratchnet.core.book;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;

import scratchnet.core.array.F32Array;
import scratchnet.core.array.F64Array;
import scratchnet.core.array.NdArray;
import scratchnet.core.array.NdIter;
import scratchnet.core.array.U8Array;
import scratchnet.core.data.MnistSet;
import scratchnet.core.io.ContentWriter;
import scratchnet.core.math.Activations;
import scratchnet.core.math.ExampleFunctions;
import scratchnet.core.math.GradientDescent;
import scratchnet.core.math.Grids;
import scratchnet.core.math.Losses;
import scratchnet.core.math.MiniBatch;
import scratchnet.core.math.NumericalGradient;
import scratchnet.core.net.Network;
import scratchnet.core.net.SimpleNet;
import scratchnet.core.text.NumpyFormat;
import scratchnet.core.text.PythonFormat;
import scratchnet.core.viz.Charts;
import scratchnet.core.viz.DigitImage;
import scratchnet.core.viz.GradientFieldPlot;


/**
 * The book's notebook for chapters 3.6 and 4, replayed cell by cell: each cell's code is echoed
 * after {@code >>>}, then what it prints, in NumPy's formats. Cells that draw write PNG files
 * instead. Cells that are random in the book ({@code np.random.choice}, {@code np.random.randn})
 * use {@code java.util.Random} with the fixed seed {@value #SEED} and say so; their values are
 * not NumPy's.
 */
public final class Walkthrough {
    /** The seed of every random cell. */
    static final long SEED = 42;

    /** Where the drawing cells put their pictures. */
    public interface Images {
        /**
         * Writes one picture.
         *
         * @return where it went, or {@code null} when pictures are not kept
         */
        String write(String name, ContentWriter png);
    }

    private final MnistSet train;
    private final MnistSet test;
    private final Network network;
    private final Images images;
    private final PrintStream out;
    private int sections;

    /**
     * @param train   the training set as the files hold it
     * @param test    the test set
     * @param network the book's pretrained network ({@code sample_weight.pkl})
     * @param images  where the drawing cells write
     * @param out     where the cells print
     */
    public Walkthrough(MnistSet train, MnistSet test, Network network, Images images, PrintStream out) {
        this.train = train;
        this.test = test;
        this.network = network;
        this.images = images;
        this.out = out;
    }

    /** Replays every cell, in the book's order. */
    public void run() {
        mnist();
        neuralnetMnist();
        argmaxAndAccuracy();
        losses();
        miniBatch();
        miniBatchCrossEntropy();
        numericalDiff();
        gradient();
        walkingAnArray();
        gradientField();
        gradientDescent();
        simpleNet();
    }

    private void section(String title) {
        if (sections++ > 0) {
            out.println();
        }
        out.println("# " + title);
    }

    private void cell(String code) {
        out.println(">>> " + code);
    }

    private void show(String name, ContentWriter png) {
        String where = images.write(name, png);
        out.println(where == null ? "[image " + name + ": not written, no --out DIR]" : "[image: " + where + "]");
    }

    private void mnist() {
        section("3.6.1 MNIST: load_mnist(flatten=True, normalize=False)");
        U8Array xTrain = new U8Array(new int[] {train.count(), MnistSet.PIXELS}, train.images());
        U8Array tTrain = new U8Array(new int[] {train.count()}, train.labels());
        cell("print(x_train.shape)");
        out.println(xTrain.shapeText());
        cell("print(t_train.shape)");
        out.println(tTrain.shapeText());
        cell("print(x_test.shape)");
        out.println(NdArray.shapeText(new int[] {test.count(), MnistSet.PIXELS}));
        cell("print(t_test.shape)");
        out.println(NdArray.shapeText(new int[] {test.count()}));
        cell("print(t_train)");
        out.println(NumpyFormat.str(tTrain));
        cell("print(x_train.size)");
        out.println(xTrain.size());
        cell("print(x_train[0].size)");
        out.println(MiniBatch.rows(xTrain, new int[] {0}).size());

        section("3.6.1 mnist_show.py");
        byte[] img = ((U8Array) MiniBatch.rows(xTrain, new int[] {0})).data();
        cell("img = x_train[0]; label = t_train[0]");
        cell("print(label)");
        out.println(train.label(0));
        cell("print(img.shape)");
        out.println(NdArray.shapeText(new int[] {MnistSet.PIXELS}));
        cell("img_show(img)  # the flattened image: a 784x1 strip");
        show("mnist_show_strip.png", o -> DigitImage.writePng(DigitImage.render(img, MnistSet.PIXELS, 1, 1), o));
        cell("img = img.reshape(28, 28)");
        cell("print(img.shape)");
        out.println(NdArray.shapeText(new int[] {28, 28}));
        cell("img_show(img)");
        show("mnist_show.png", o -> DigitImage.writePng(DigitImage.render(img, 28, 28, 1), o));
    }

    private void neuralnetMnist() {
        section("3.6.2 neuralnet_mnist.py: x, t = get_data(); network = init_network()  # --weights");
        float[] x = test.normalizedImages();
        cell("print(x.shape)");
        out.println(NdArray.shapeText(new int[] {test.count(), MnistSet.PIXELS}));
        var arrays = network.toArrays();
        for (String key : new String[] {"W1", "W2", "W3"}) {
            if (arrays.containsKey(key)) {
                cell("print(network['" + key + "'].shape)");
                out.println(arrays.get(key).shapeText());
            }
        }
        cell("for i in range(len(x)): p = np.argmax(predict(network, x[i])); accuracy_cnt += p == t[i]");
        int correct = 0;
        for (int i = 0; i < test.count(); i++) {
            float[] xi = Arrays.copyOfRange(x, i * MnistSet.PIXELS, (i + 1) * MnistSet.PIXELS);
            if (Activations.argmax(network.predict(xi)) == test.label(i)) {
                correct++;
            }
        }
        cell("print(\"Accuracy:\" + str(float(accuracy_cnt) / len(x)))");
        out.println("Accuracy:" + PythonFormat.repr((double) correct / test.count()));

        section("3.6.3 batch processing: batch_size = 100");
        int batchSize = 100;
        cell("for i in range(0, len(x), batch_size): p = np.argmax(predict(network, x[i:i+batch_size]), axis=1); accuracy_cnt += np.sum(p == t[i:i+batch_size])");
        correct = 0;
        int outputs = network.sizes().outputSize();
        for (int first = 0; first < test.count(); first += batchSize) {
            int n = Math.min(batchSize, test.count() - first);
            int[] p = Activations.argmaxRows(network.predictBatch(x, first * MnistSet.PIXELS, n), n, outputs);
            for (int r = 0; r < n; r++) {
                if (p[r] == test.label(first + r)) {
                    correct++;
                }
            }
        }
        cell("print(\"Accuracy:\" + str(float(accuracy_cnt) / len(x)))");
        out.println("Accuracy:" + PythonFormat.repr((double) correct / test.count()));
    }

    private void argmaxAndAccuracy() {
        section("3.6.3 np.argmax(axis=1) and counting matches");
        F32Array x = new F32Array(new int[] {4, 3}, new float[] {0.1f, 0.8f, 0.1f, 0.3f, 0.1f, 0.6f, 0.2f, 0.5f, 0.3f, 0.8f, 0.1f, 0.1f});
        cell("x = np.array([[0.1, 0.8, 0.1], [0.3, 0.1, 0.6], [0.2, 0.5, 0.3], [0.8, 0.1, 0.1]])");
        cell("y = np.argmax(x, axis=1)");
        cell("print(y)");
        int[] y = Activations.argmaxRows(x.data(), 4, 3);
        out.println(NumpyFormat.str(y));
        int[] t = {1, 2, 0, 0};
        boolean[] same = new boolean[4];
        int matches = 0;
        for (int i = 0; i < 4; i++) {
            same[i] = y[i] == t[i];
            matches += same[i] ? 1 : 0;
        }
        cell("t = np.array([1, 2, 0, 0])");
        cell("print(y == t)");
        out.println(NumpyFormat.str(same));
        cell("print(np.sum(y == t))");
        out.println(matches);
    }

    /** The book's examples of section 4.2: the "2" is right in {@code y}, {@code y2} says "7". */
    private static final double[] T = {0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    private static final double[] Y = {0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0};
    private static final double[] Y2 = {0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0};

    private void losses() {
        section("4.2.1 mean squared error");
        cell("t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]");
        cell("y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]");
        cell("print(mean_squared_error(np.array(y), np.array(t)))");
        out.println(PythonFormat.repr(Losses.meanSquaredError(Y, T)));
        cell("y = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]");
        cell("print(mean_squared_error(np.array(y), np.array(t)))");
        out.println(PythonFormat.repr(Losses.meanSquaredError(Y2, T)));

        section("4.2.2 cross entropy error");
        cell("y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]");
        cell("print(cross_entropy_error(np.array(y), np.array(t)))");
        out.println(PythonFormat.repr(Losses.crossEntropyError(Y, T)));
        cell("y = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]");
        cell("print(cross_entropy_error(np.array(y), np.array(t)))");
        out.println(PythonFormat.repr(Losses.crossEntropyError(Y2, T)));
    }

    private void miniBatch() {
        section("4.2.3 mini-batch: load_mnist(normalize=True, one_hot_label=True)");
        int trainSize = train.count();
        cell("print(x_train.shape)");
        out.println(NdArray.shapeText(new int[] {trainSize, MnistSet.PIXELS}));
        cell("print(t_train.shape)");
        out.println(NdArray.shapeText(new int[] {trainSize, 10}));
        cell("train_size = x_train.shape[0]; batch_size = 10");
        cell("batch_mask = np.random.choice(train_size, batch_size)  # seeded: java.util.Random(" + SEED + "), not NumPy's generator");
        int[] batchMask = MiniBatch.randomChoice(trainSize, 10, new Random(SEED));
        cell("print(batch_mask)");
        out.println(NumpyFormat.str(batchMask));
        cell("x_batch = x_train[batch_mask]; t_batch = t_train[batch_mask]");
        NdArray xBatch = MiniBatch.rows(new U8Array(new int[] {trainSize, MnistSet.PIXELS}, train.images()), batchMask);
        double[] oneHot = new double[batchMask.length * 10];
        for (int i = 0; i < batchMask.length; i++) {
            oneHot[i * 10 + train.label(batchMask[i])] = 1.0;
        }
        cell("print(x_batch.shape)");
        out.println(xBatch.shapeText());
        cell("print(t_batch)");
        out.println(NumpyFormat.str(new F64Array(new int[] {batchMask.length, 10}, oneHot)));
    }

    private void miniBatchCrossEntropy() {
        section("4.2.4 cross entropy for a mini-batch (as the notebook meant: y.reshape(1, y.size), y[np.arange(batch_size), t])");
        F64Array ys = F64Array.matrix(new double[][] {Y, Y2});
        cell("ys = np.array([y1, y2]); ts = np.array([t, t])  # the two y of 4.2.1 as a batch");
        cell("print(cross_entropy_error(ys, ts))  # one-hot labels");
        out.println(PythonFormat.repr(Losses.crossEntropyError(ys, F64Array.matrix(new double[][] {T, T}))));
        cell("print(cross_entropy_error(ys, np.array([2, 2])))  # label indices");
        out.println(PythonFormat.repr(Losses.crossEntropyError(ys, new int[] {2, 2})));
        U8Array m = new U8Array(new int[] {4, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        int[] n = {1, 3};
        int[] t = {1, 1};
        cell("m = np.array([[1, 2], [3, 4], [5, 6], [7, 8]]); n = np.array([1, 3]); t = np.array([1, 1])");
        cell("print(m[n])");
        out.println(NumpyFormat.str(MiniBatch.rows(m, n)));
        cell("print(m[n, t])");
        out.println(NumpyFormat.str(MiniBatch.elements(m, n, t)));
    }

    private void numericalDiff() {
        section("4.3.1 numerical differentiation");
        cell("print(np.float32(1e-50))  # why h = 1e-50 is too small");
        out.println(PythonFormat.repr((float) 1e-50));
        cell("print(numerical_diff(function_1, 5))");
        out.println(PythonFormat.repr(NumericalGradient.numericalDiff(ExampleFunctions::function1, 5)));
        cell("print(numerical_diff(function_1, 10))");
        out.println(PythonFormat.repr(NumericalGradient.numericalDiff(ExampleFunctions::function1, 10)));

        section("4.3.3 partial derivatives of function_2 at (3, 4)");
        cell("print(numerical_diff(lambda x0: x0*x0 + 4.0**2.0, 3.0))");
        out.println(PythonFormat.repr(NumericalGradient.numericalDiff(x0 -> x0 * x0 + Math.pow(4.0, 2.0), 3.0)));
        cell("print(numerical_diff(lambda x1: 3.0**2.0 + x1*x1, 4.0))");
        out.println(PythonFormat.repr(NumericalGradient.numericalDiff(x1 -> Math.pow(3.0, 2.0) + x1 * x1, 4.0)));
    }

    private void gradient() {
        section("4.4 gradient");
        double[][] points = {{3.0, 4.0}, {0.0, 2.0}, {3.0, 0.0}, {5.0, 6.0}};
        for (double[] p : points) {
            cell("print(numerical_gradient(function_2, np.array([" + PythonFormat.repr(p[0]) + ", " + PythonFormat.repr(p[1]) + "])))");
            out.println(NumpyFormat.str(NumericalGradient.numericalGradient(ExampleFunctions::function2, p)));
        }
    }

    private void walkingAnArray() {
        section("4.4 three ways the gradient walks an array");
        double[] x = {3.0, 4.0};
        cell("x = np.array([3.0, 4.0])");
        cell("for idx in range(x.size): print(idx, x[idx])  # _numerical_gradient_no_batch");
        for (int idx = 0; idx < x.length; idx++) {
            out.println(idx + " " + PythonFormat.repr(x[idx]));
        }
        U8Array a = new U8Array(new int[] {2, 3}, new byte[] {0, 1, 2, 3, 4, 5});
        cell("a = np.arange(6).reshape(2, 3)");
        cell("for idx, row in enumerate(a): print(idx, row)  # numerical_gradient row by row");
        for (int idx = 0; idx < 2; idx++) {
            U8Array row = (U8Array) MiniBatch.rows(a, new int[] {idx});
            out.println(idx + " " + NumpyFormat.str(new U8Array(new int[] {3}, row.data())));
        }
        cell("it = np.nditer(a, flags=['multi_index'])");
        cell("while not it.finished: print(it[0], '<%s>' % (it.multi_index,)); it.iternext()  # numerical_gradient by element");
        for (NdIter it = new NdIter(a.shape()); !it.finished(); it.iternext()) {
            out.println((int) a.get(it.flatIndex()) + " <" + NdArray.shapeText(it.multiIndex()) + ">");
        }
    }

    private void gradientField() {
        section("4.4 gradient_2d.py: the field of -grad function_2");
        double[] x0 = Grids.arange(-2, 2.5, GradientFieldPlot.STEP);
        double[] x1 = Grids.arange(-2, 2.5, GradientFieldPlot.STEP);
        Grids.Mesh mesh = Grids.meshgrid(x0, x1);
        cell("x0 = np.arange(-2, 2.5, 0.25); x1 = np.arange(-2, 2.5, 0.25)");
        cell("X, Y = np.meshgrid(x0, x1)");
        cell("print(X)");
        out.println(NumpyFormat.str(mesh.X()));
        cell("print(Y)");
        out.println(NumpyFormat.str(mesh.Y()));
        cell("X = X.flatten(); Y = Y.flatten()");
        cell("print(X)");
        out.println(NumpyFormat.str(Grids.flatten(mesh.X())));
        cell("print(Y)");
        out.println(NumpyFormat.str(Grids.flatten(mesh.Y())));
        cell("grad = numerical_gradient(function_2, np.array([X, Y]))");
        cell("plt.quiver(X, Y, -grad[0], -grad[1], angles=\"xy\", color=\"#666666\"); plt.xlim([-2, 2]); plt.ylim([-2, 2]); plt.grid(); plt.show()");
        var chart = GradientFieldPlot.chart(GradientFieldPlot.function2Field());
        show("gradient_2d.png", o -> Charts.writePng(chart, 640, 600, o));
    }

    private void gradientDescent() {
        section("4.4.1 gradient descent on function_2 from init_x = np.array([-3.0, 4.0])");
        double[] init = {-3.0, 4.0};
        String[] lrs = {"0.1", "10.0", "1e-10"};
        for (String lr : lrs) {
            cell("print(gradient_descent(function_2, init_x=np.array([-3.0, 4.0]), lr=" + lr + ", step_num=100))");
            out.println(NumpyFormat.str(GradientDescent.gradientDescent(ExampleFunctions::function2, init, Double.parseDouble(lr), 100)));
        }
    }

    /** The weights printed in the book's section 4.4.2. */
    private static final double[][] BOOK_W = {{0.47355232, 0.9977393, 0.84668094}, {0.85557411, 0.03563661, 0.69422093}};
    /**
     * The weights the notebook's {@code print(net.W)} shows, to the 8 decimals NumPy prints. Its own
     * W had more digits: from these, NumPy and this replay give loss 2.1055812271156413 where the
     * notebook printed 2.105581228438146 (p[0] 0.0874389 for 0.08743891, dW[1][1] 0.44538304 for
     * 0.44538303); golden.json's {@code ch4_simplenet} holds NumPy's values for these weights.
     */
    private static final double[][] NOTEBOOK_W = {{-0.05811371, 0.41911804, 1.63684316}, {0.13589681, 0.10144801, -2.26828293}};

    private void simpleNet() {
        section("4.4.2 simpleNet");
        double[] x = {0.6, 0.9};
        double[] t = {0, 0, 1};
        cell("net = simpleNet()  # W = np.random.randn(2, 3), seeded: java.util.Random(" + SEED + ").nextGaussian(), not NumPy's generator");
        simpleNetCells(SimpleNet.randn(new Random(SEED)), x, t);

        section("4.4.2 simpleNet with the W the notebook printed");
        cell("net.W = np.array([[-0.05811371, 0.41911804, 1.63684316], [0.13589681, 0.10144801, -2.26828293]])");
        simpleNetCells(new SimpleNet(F64Array.matrix(NOTEBOOK_W)), x, t);

        section("4.4.2 simpleNet with the W printed in the book");
        cell("net.W = np.array([[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]])");
        SimpleNet net = new SimpleNet(F64Array.matrix(BOOK_W));
        cell("W_before = net.W.copy()");
        F64Array before = net.W().copy();
        F64Array byRows = simpleNetCells(net, x, t);
        cell("dW2 = numerical_gradient_nditer(f, net.W)  # the element-iterator version");
        F64Array byElements = NumericalGradient.numericalGradient(w -> net.loss(x, t), net.W());
        cell("print(dW2)");
        out.println(NumpyFormat.str(byElements));
        cell("print(np.array_equal(dW, dW2))  # bit for bit");
        out.println(Arrays.equals(byRows.data(), byElements.data()) ? "True" : "False");
        cell("print(np.array_equal(net.W, W_before))  # every perturbation was undone");
        out.println(Arrays.equals(before.data(), net.W().data()) ? "True" : "False");
    }

    /** The cells of section 4.4.2 for one {@code W}; returns the row-by-row {@code dW}. */
    private F64Array simpleNetCells(SimpleNet net, double[] x, double[] t) {
        cell("print(net.W)");
        out.println(NumpyFormat.str(net.W()));
        cell("x = np.array([0.6, 0.9]); p = net.predict(x)");
        double[] p = net.predict(x);
        cell("print(p)");
        out.println(NumpyFormat.str(p));
        cell("print(np.argmax(p))");
        out.println(Activations.argmax(p));
        cell("t = np.array([0, 0, 1])");
        cell("print(net.loss(x, t))");
        out.println(PythonFormat.repr(net.loss(x, t)));
        cell("f = lambda W: net.loss(x, t); dW = numerical_gradient(f, net.W)  # row by row");
        F64Array dW = NumericalGradient.numericalGradientByRows(row -> net.loss(x, t), net.W());
        cell("print(dW)");
        out.println(NumpyFormat.str(dW));
        return dW;
    }
}
