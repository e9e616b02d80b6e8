package scratchnet.core.math;

import java.util.function.ToDoubleFunction;

import scratchnet.core.BadInputException;

/** The book's gradient descent (section 4.4.1): {@code x -= lr * numerical_gradient(f, x)}, repeated. */
public final class GradientDescent {

    private GradientDescent() {
    }

    /**
     * {@code gradient_descent(f, init_x, lr, step_num)}. Unlike the book's, whose {@code x} is
     * {@code init_x} itself and so changes it, this leaves {@code initX} as it was.
     *
     * @param f       the function to minimise
     * @param initX   the starting point
     * @param lr      the learning rate
     * @param stepNum how many steps
     * @return the point reached
     * @throws BadInputException when {@code initX} holds NaN, {@code lr} is not finite or
     *                           {@code stepNum} is negative
     */
    public static double[] gradientDescent(ToDoubleFunction<double[]> f, double[] initX, double lr, int stepNum) {
        if (!Double.isFinite(lr) || stepNum < 0) {
            throw new BadInputException("gradient descent needs a finite learning rate and a step count >= 0, got lr " + lr + ", step_num " + stepNum);
        }
        Inputs.requireNoNaN("init_x", initX);
        double[] x = initX.clone();
        for (int step = 0; step < stepNum; step++) {
            double[] grad = NumericalGradient.numericalGradient(f, x);
            for (int i = 0; i < x.length; i++) {
                x[i] -= lr * grad[i];
            }
        }
        return x;
    }
}
