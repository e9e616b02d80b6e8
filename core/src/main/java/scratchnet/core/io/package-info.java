/**
 * Weight files: the book's pickle (read by a restricted unpickler that runs no code), NumPy's
 * {@code .npy}/{@code .npz}, with their axis orders honoured, and ONNX models of this network
 * ({@link scratchnet.core.io.OnnxWriter}, {@link scratchnet.core.io.OnnxReader}), both ways.
 */
package scratchnet.core.io;
