package scratchnet.core.math;

/** The example functions of section 4.3, on which the book shows derivatives and gradients. */
public final class ExampleFunctions {

    private ExampleFunctions() {
    }

    /** {@code function_1(x) = 0.01 x² + 0.1 x} (section 4.3.2). */
    public static double function1(double x) {
        return 0.01 * (x * x) + 0.1 * x;
    }

    /**
     * {@code function_2(x) = np.sum(x**2)}, {@code x0² + x1²} for two variables (section 4.3.3);
     * summed as NumPy sums ({@link Sums#sum}).
     */
    public static double function2(double[] x) {
        double[] squares = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            squares[i] = x[i] * x[i];
        }
        return Sums.sum(squares);
    }
}
