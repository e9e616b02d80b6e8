package scratchnet.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Sums that do not depend on the order their parts come in. */
class CompensatedSumTest {

    @Test
    void sumOfFloatVectorsHasTheBitsOfAddingCompactParts() {
        Random rng = new Random(11);
        int n = 4000;
        for (int count = 1; count <= 5; count++) {
            float[][] parts = new float[count][n + 3];
            for (float[] part : parts) {
                for (int i = 0; i < part.length; i++) {
                    // gradient-like values of very different sizes, and exact cancellations
                    part[i] = i % 17 == 0 ? 0f : (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(30) - 20));
                }
            }
            CompensatedSum reference = CompensatedSum.empty();
            for (int p = count - 1; p >= 0; p--) {
                reference.add(CompensatedSum.of(Arrays.copyOf(parts[p], n), 1, new double[0]));
            }
            double[] hi = new double[n];
            CompensatedSum.sumOf(parts, n, hi, new double[n]);
            assertArrayEquals(reference.values(), hi, 0.0, count + " parts");
        }
        assertEquals(0.1 + 0.2, CompensatedSum.sumOf(new double[] {0.1, 0.2}));
        assertEquals(CompensatedSum.empty().add(CompensatedSum.of(new double[] {1e16})).add(CompensatedSum.of(new double[] {1.0}))
                .add(CompensatedSum.of(new double[] {1.0})).values()[0], CompensatedSum.sumOf(new double[] {1e16, 1.0, 1.0}));
    }

    @Test
    void aSliceAddedInPlaceHasTheBitsOfTheWholeSum() {
        Random rng = new Random(5);
        int n = 1001;
        for (int count = 1; count <= 4; count++) {
            float[][] parts = new float[count][n];
            for (float[] part : parts) {
                for (int i = 0; i < n; i++) {
                    part[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(30) - 20));
                }
            }
            double[] whole = new double[n];
            CompensatedSum.sumOf(parts, n, whole, new double[n]);
            double[] slice = new double[300];
            CompensatedSum.sumOf(parts, 500, 800, slice, new double[300]);
            assertArrayEquals(Arrays.copyOfRange(whole, 500, 800), slice, 0.0, count + " parts, a slice");
            float[][] before = new float[count][];
            for (int p = 0; p < count; p++) {
                before[p] = parts[p].clone();
            }
            CompensatedSum.sumInPlace(parts, 500, 800, new double[300], new double[300]);
            for (int p = 0; p < count; p++) {
                for (int i = 0; i < n; i++) {
                    float expected = i >= 500 && i < 800 ? (float) whole[i] : before[p][i];
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(parts[p][i]), count + " parts, part " + p + ", element " + i);
                }
            }
        }
    }

    @Test
    void anyOrderAndGroupingGivesTheSameBits() {
        Random rng = new Random(7);
        int parts = 9;
        int n = 5000;
        List<double[]> values = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                // float32 values of very different sizes, times a share, as partial gradients and models are
                float f = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(12) - 8));
                v[i] = (double) f * (1 + rng.nextInt(60));
            }
            values.add(v);
        }
        double[] reference = null;
        boolean plainDoublesDiffered = false;
        double[] plainReference = null;
        for (int trial = 0; trial < 40; trial++) {
            List<double[]> order = new ArrayList<>(values);
            Collections.shuffle(order, new Random(trial));
            // a random tree: pairs merged in random groupings, as treeAggregate and task completion order do
            List<CompensatedSum> sums = new ArrayList<>();
            for (double[] v : order) {
                sums.add(CompensatedSum.empty().add(CompensatedSum.of(v.clone())));
            }
            Random pick = new Random(1000 + trial);
            while (sums.size() > 1) {
                int a = pick.nextInt(sums.size());
                CompensatedSum x = sums.remove(a);
                int b = pick.nextInt(sums.size());
                sums.set(b, pick.nextBoolean() ? sums.get(b).add(x) : x.add(sums.get(b)));
            }
            double[] total = sums.get(0).values();
            double[] plain = new double[n];
            for (double[] v : order) {
                for (int i = 0; i < n; i++) {
                    plain[i] += v[i];
                }
            }
            if (reference == null) {
                reference = total.clone();
                plainReference = plain;
            } else {
                assertArrayEquals(reference, total, 0.0, "order " + trial);
                plainDoublesDiffered |= !java.util.Arrays.equals(plainReference, plain);
            }
        }
        assertTrue(plainDoublesDiffered, "plain double sums do depend on the order (which is why this class exists)");
    }

    @Test
    void theSumIsTheExactSumRoundedOnce() {
        double big = 1e16;
        CompensatedSum s = CompensatedSum.of(new double[] {big}).add(CompensatedSum.of(new double[] {1.0}))
                .add(CompensatedSum.of(new double[] {1.0})).add(CompensatedSum.of(new double[] {-big}));
        assertEquals(2.0, s.values()[0]);
        assertNotEquals(2.0, ((big + 1.0) + 1.0) - big, "plain doubles lose the ones");
    }

    @Test
    void compactPartsAreTheirWeightedValues() {
        CompensatedSum a = CompensatedSum.of(new float[] {0.1f, -3f}, 50, new double[] {7.5});
        assertTrue(a.isCompact());
        assertEquals(3, a.length());
        CompensatedSum s = CompensatedSum.empty().add(a);
        assertTrue(s.isCompact(), "a single part stays compact");
        s.add(CompensatedSum.of(new float[] {0.2f, 1f}, 3, new double[] {0.5}));
        assertArrayEquals(new double[] {0.1f * 50.0 + 0.2f * 3.0, -147, 8}, s.values());
    }

    @Test
    void emptyIsZeroAndNanPropagates() {
        CompensatedSum s = CompensatedSum.empty().add(CompensatedSum.empty());
        assertTrue(s.isEmpty());
        s.add(CompensatedSum.of(new double[] {1, 2}));
        assertArrayEquals(new double[] {1, 2}, s.values());
        s.add(CompensatedSum.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY}));
        assertTrue(Double.isNaN(s.values()[0]));
        assertTrue(!Double.isFinite(s.values()[1]));
    }
}
