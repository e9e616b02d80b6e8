package scratchnet.core.data;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MnistSet#normalize(byte[], int, int, float[])} on SIMD registers: as many bytes as the
 * widest float vector has lanes, widened to floats, made unsigned, divided by 255 (IEEE division,
 * lane by lane: the scalar values, bit for bit). Loaded only where the Vector API is.
 */
final class SimdPixels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, jdk.incubator.vector.VectorShape.forBitSize(F.vectorBitSize() / 4));

    private SimdPixels() {
    }

    static void normalize(byte[] bytes, int from, int to, float[] into) {
        int n = to - from;
        int i = 0;
        for (; i < F.loopBound(n); i += F.length()) {
            FloatVector signed = (FloatVector) ByteVector.fromArray(B, bytes, from + i).convertShape(VectorOperators.B2F, F, 0);
            signed.add(256f, signed.compare(VectorOperators.LT, 0f)).div(255f).intoArray(into, i);
        }
        for (; i < n; i++) {
            into[i] = (bytes[from + i] & 0xFF) / 255f;
        }
    }
}
