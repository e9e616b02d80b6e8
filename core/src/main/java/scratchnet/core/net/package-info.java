/**
 * The network: layer sizes, weights, the forward pass, backpropagation, the optimizers and their
 * initialisations, and the SIMD kernels that implement {@code core.math}'s formulas faster, pinned
 * to them by tests.
 */
package scratchnet.core.net;
