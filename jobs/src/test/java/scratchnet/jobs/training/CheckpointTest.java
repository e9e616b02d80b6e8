package scratchnet.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.BadInputException;
import scratchnet.core.net.LayerSizes;

/**
 * A checkpoint is checked whole before a step runs: finite values, exactly the state the
 * optimizer needs, every setting present and equal; what does not fit is named with its file and
 * key. The tampered checkpoints here are written with their SHA-256 recorded, as an altering hand
 * would leave them.
 */
class CheckpointTest {
    private static final LayerSizes SIZES = new LayerSizes(new int[] {3, 2, 2});
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    private static float[][] arrays(float value) {
        return new float[][] {filled(6, value), filled(2, value), filled(4, value), filled(2, value)};
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static Map<String, String> settings(String optimizer) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hidden", SIZES.toString());
        m.put("optimizer", optimizer);
        m.put("lr", "0.001");
        m.put("seed", "0");
        return m;
    }

    private org.apache.hadoop.fs.Path out() {
        return new org.apache.hadoop.fs.Path(dir.toUri());
    }

    private Checkpoint write(float[][] params, Map<String, float[][]> state, double[] losses, Map<String, String> settings) {
        new Checkpoint(losses.length, losses.length, params, state, losses, List.of(), 1.0, settings).write(out(), SIZES, CONF);
        return Checkpoint.read(out(), SIZES, CONF);
    }

    @Test
    void aWholeCheckpointOfTheSameSettingsResumes() {
        Checkpoint c = write(arrays(0.5f), Map.of("m", arrays(0.1f), "v", arrays(0.2f)), new double[] {2.3, 2.2}, settings("adam"));
        c.checkSettings(settings("adam"), out());
    }

    @Test
    void aNonFiniteWeightStateOrLossIsNamedWithItsFileAndKey() {
        float[][] params = arrays(0.5f);
        params[2][3] = Float.NaN;
        BadInputException w = assertThrows(BadInputException.class, () -> write(params, Map.of(), new double[] {2.3}, settings("sgd")));
        assertEquals("file:" + dir.resolve("checkpoint-000000001.npz") + ": W2[3] is NaN: a checkpoint holds only finite values (damaged or altered)",
                w.getMessage());
        float[][] v = arrays(0.1f);
        v[1][0] = Float.POSITIVE_INFINITY;
        BadInputException s = assertThrows(BadInputException.class, () -> write(arrays(0.5f), Map.of("v", v), new double[] {2.3}, settings("momentum")));
        assertTrue(s.getMessage().endsWith(": v.b1[0] is Infinity: a checkpoint holds only finite values (damaged or altered)"), s.getMessage());
        BadInputException l = assertThrows(BadInputException.class, () -> write(arrays(0.5f), Map.of(), new double[] {2.3, Double.NaN}, settings("sgd")));
        assertTrue(l.getMessage().endsWith(": loss[1] is NaN: a checkpoint holds only finite values (damaged or altered)"), l.getMessage());
    }

    @Test
    void aSettingTheCheckpointLacksIsNotResumedUnderAnyValue() {
        Map<String, String> without = settings("adam");
        without.remove("optimizer");
        Checkpoint c = write(arrays(0.5f), Map.of("m", arrays(0.1f), "v", arrays(0.2f)), new double[] {2.3}, without);
        BadInputException e = assertThrows(BadInputException.class, () -> c.checkSettings(settings("momentum"), out()));
        assertEquals("file:" + dir.resolve("checkpoint.json") + ": records no setting 'optimizer' (a checkpoint names every setting its"
                + " weights depend on): it cannot be resumed as --optimizer momentum", e.getMessage());
        BadInputException other = assertThrows(BadInputException.class,
                () -> write(arrays(0.5f), Map.of("v", arrays(0.2f)), new double[] {2.3}, settings("momentum")).checkSettings(settings("adam"), out()));
        assertTrue(other.getMessage().startsWith("--resume: --optimizer adam differs from the checkpoint's momentum (setting 'optimizer' in file:"),
                other.getMessage());
    }

    @Test
    void theOptimizersStateMustBeWhole() {
        Map<String, String> adam = settings("adam");
        Checkpoint half = write(arrays(0.5f), Map.of("v", arrays(0.2f)), new double[] {2.3}, adam);
        BadInputException e = assertThrows(BadInputException.class, () -> half.checkSettings(adam, out()));
        assertEquals("file:" + dir.resolve("checkpoint-000000001.npz") + ": optimizer adam after 1 updates needs the state [m, v],"
                + " the checkpoint holds [v]", e.getMessage());
    }
}
