/**
 * The book's formulas, each defined once and named as the book names them: activations, losses,
 * the numerical derivative and gradient, gradient descent, mini-batches, and exact sums.
 */
package scratchnet.core.math;
