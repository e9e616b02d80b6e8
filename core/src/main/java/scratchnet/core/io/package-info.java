/**
 * Weight files: the book's pickle (read by a restricted unpickler that runs no code) and NumPy's
 * {@code .npy}/{@code .npz}, both ways, with their axis orders honoured.
 */
package scratchnet.core.io;
