package scratchnet.jobs.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;

import scratchnet.core.TestData;
import scratchnet.core.net.KernelWarmUp;
import scratchnet.core.net.Init;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Optimizer;
import scratchnet.core.net.Params;
import scratchnet.jobs.spark.LocalSpark;
import scratchnet.jobs.training.TrainingSettings.Engine;
import scratchnet.jobs.training.TrainingSettings.Sampling;

/**
 * The training tests' set-up, shared: the {@code local[2]} context ({@link LocalSpark}), the
 * training kernels compiled (once per JVM), MNIST cached on the context in a given number of parts
 * (opened once per context), settings that differ from a plain run only where a test says so, a
 * run of the loop, and the one comparison of weights, bit for bit, that every test of training
 * uses (the end-to-end tests too).
 */
public final class TrainingFixture {
    /** Where a test's runs print what it does not read. */
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /** The longest the kernels' warm-up takes, once per JVM. */
    private static final long WARM_UP_MILLIS = 3000;
    private static boolean kernelsCompiled;
    private static JavaSparkContext cachedOn;
    private static final Map<Integer, TrainingData> CACHED = new HashMap<>();

    private TrainingFixture() {
    }

    /** @return the tests' context */
    static JavaSparkContext sc() {
        return LocalSpark.context();
    }

    /**
     * @param partitions the parts to cut each split into
     * @return MNIST read and cached in that many parts, once per context: a test only reads it
     */
    static synchronized TrainingData data(int partitions) {
        if (!kernelsCompiled) {
            // the gradient kernels compiled first, as a run's executors compile them while they load their
            // parts (StartupTuning): the first test to train would otherwise take its steps in the interpreter
            new KernelWarmUp(LayerSizes.BOOK, 500, Optimizer.Kind.ADAM).run(WARM_UP_MILLIS);
            kernelsCompiled = true;
        }
        JavaSparkContext sc = sc();
        if (sc != cachedOn) {
            // the context a command stopped took its cached parts with it
            CACHED.clear();
            cachedOn = sc;
        }
        return CACHED.computeIfAbsent(partitions, p -> {
            TrainingData d = TrainingData.open(sc, TestData.mnistDir().toString(), p, null);
            d.materialize();
            return d;
        });
    }

    /**
     * @param changes pairs of a setting's name and its value, which may be the text of an option
     *                ({@code "adam"}, {@code "xavier"}, {@code "shuffle"})
     * @return the settings of a plain run on these parts (the book's network and batch, SGD at its
     *         rate, Xavier's weights, seed 0, one step, no checkpoint but the last, no target, the
     *         test accuracy only, barrier rounds; any other setting not given), changed where asked
     *         (a test that changes the optimizer gives its rate too)
     */
    static TrainingSettings settings(TrainingData data, Object... changes) {
        Map<String, Object> plain = new HashMap<>(Map.of("sizes", LayerSizes.BOOK, "optimizer", Optimizer.Kind.SGD, "batchSize", 100,
                "iterations", 1L, "init", Init.parse("xavier"), "partitions", data.trainShards.length, "localSteps", 1,
                "sampling", Sampling.REPLACEMENT, "checkpointEvery", 0, "engine", Engine.BARRIER));
        plain.put("trainCount", data.trainCount);
        return build(plain, changes);
    }

    /** @return the settings with some components changed: pairs of a name and a value, as {@link #settings} takes them */
    static TrainingSettings with(TrainingSettings s, Object... changes) {
        Map<String, Object> values = new HashMap<>();
        try {
            for (RecordComponent c : TrainingSettings.class.getRecordComponents()) {
                values.put(c.getName(), c.getAccessor().invoke(s));
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return build(values, changes);
    }

    /** @return settings of the values by name, changed; a component without a value is not given (a number 0, a switch off) */
    private static TrainingSettings build(Map<String, Object> given, Object... changes) {
        RecordComponent[] components = TrainingSettings.class.getRecordComponents();
        Map<String, Object> byName = new HashMap<>(given);
        for (int k = 0; k < changes.length; k += 2) {
            String name = (String) changes[k];
            byName.put(name, value(components[indexOf(components, name)].getType(), changes[k + 1]));
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            Object v = byName.get(components[i].getName());
            values[i] = v != null || !types[i].isPrimitive() ? v : types[i] == boolean.class ? false : value(types[i], 0);
        }
        try {
            return TrainingSettings.class.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static int indexOf(RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("TrainingSettings has no component " + name);
    }

    /** @return the value as the component takes it: options' text parsed, whole numbers widened */
    private static Object value(Class<?> type, Object v) {
        if (v instanceof String text && type != String.class) {
            if (type == Optimizer.Kind.class) {
                return Optimizer.Kind.parse(text);
            }
            if (type == Init.class) {
                return Init.parse(text);
            }
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (constant.toString().equals(text.toLowerCase(Locale.ROOT))) {
                        return constant;
                    }
                }
            }
            throw new IllegalArgumentException("'" + text + "' for a " + type.getSimpleName());
        }
        if (v instanceof Integer n && (type == Long.class || type == long.class)) {
            return n.longValue();
        }
        if (v instanceof Integer n && type == double.class) {
            return n.doubleValue();
        }
        return v;
    }

    /** Runs the loop from fresh weights, printing nothing, writing checkpoints into {@code out} ({@code null}: none). */
    static Training.Result train(TrainingSettings s, TrainingData data, Path out) throws Exception {
        return new Training(sc(), s, data, hadoopPath(out), QUIET, QUIET).run(null);
    }

    /** @return a local directory as the Hadoop path the loop writes to, or {@code null} */
    static org.apache.hadoop.fs.Path hadoopPath(Path dir) {
        return dir == null ? null : new org.apache.hadoop.fs.Path(dir.toUri());
    }

    /** @return the checkpoint in a local directory */
    static Checkpoint checkpoint(Path dir, LayerSizes sizes) {
        return Checkpoint.read(hadoopPath(dir), sizes, sc().hadoopConfiguration());
    }

    /** Asserts that two sets of weights (or of optimizer state) are the same arrays, bit for bit. */
    public static void assertSameWeights(float[][] expected, float[][] actual) {
        assertSameWeights(expected, actual, "");
    }

    /**
     * Asserts that two sets of weights are the same arrays, bit for bit.
     *
     * @param when what the difference would be after, for the message ("after kill and resume")
     */
    public static void assertSameWeights(float[][] expected, float[][] actual, String when) {
        assertEquals(expected.length, actual.length, "arrays");
        for (int i = 0; i < expected.length; i++) {
            // floats compared by their bits: -0 is not 0, and NaN is NaN
            assertArrayEquals(expected[i], actual[i], Params.key(i) + " differs" + (when.isEmpty() ? "" : " " + when));
        }
    }
}
