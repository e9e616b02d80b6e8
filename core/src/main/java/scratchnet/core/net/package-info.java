/**
 * The network: layer sizes, weights, the forward pass (float32: {@link scratchnet.core.net.Network#predictBatch};
 * float64, the book's reference precision: {@link scratchnet.core.net.Network64}), the one scorer
 * ({@link scratchnet.core.net.Scorer}: probabilities, predictions and evaluate's counts),
 * backpropagation, the optimizers and their initialisations, and the SIMD kernels that implement
 * {@code core.math}'s formulas faster, pinned to them by tests (picked once, by
 * {@link scratchnet.core.Simd}, the one SIMD switch).
 */
package scratchnet.core.net;
