package scratchnet.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;

import scala.reflect.ClassTag$;

/**
 * Spark's Kryo (kryo-shaded 4.0.x) and Java records, without a Spark context: its default
 * serializer refuses them, and every record the packages register with {@link RecordSerializer}
 * goes through Spark's serializer and back whole.
 */
class KryoRecordsTest {
    /** A record such as the tasks send. */
    record Sample(long correct, float[][] params, String note) {
    }

    private static KryoSerializer sparkKryo() {
        return new KryoSerializer(new SparkConf(false).set("spark.kryo.registrator", KryoRegistrator.class.getName()));
    }

    @Test
    void kryo4sDefaultSerializerCannotTakeARecordApart() {
        Kryo kryo = new KryoSerializer(new SparkConf(false)).newKryo();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kryo.register(Sample.class));
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof UnsupportedOperationException && cause.getMessage().contains("record"), cause.toString());
    }

    @Test
    void aRecordWithItsSerializerRoundTrips() {
        Kryo kryo = new KryoSerializer(new SparkConf(false)).newKryo();
        RecordSerializer.register(kryo, Sample.class);
        com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(256, -1);
        kryo.writeClassAndObject(out, new Sample(7, new float[][] {{1.5f, -0f}, {}}, null));
        Sample back = (Sample) kryo.readClassAndObject(new com.esotericsoftware.kryo.io.Input(out.toBytes()));
        assertEquals(7, back.correct());
        assertArrayEquals(new float[] {1.5f, -0f}, back.params()[0]);
        assertEquals(0, back.params()[1].length);
        assertEquals(null, back.note());
    }

    @Test
    void everyRecordThePackagesRegisterGoesThroughSparksSerializerWhole() {
        KryoSerializer serializer = sparkKryo();
        Kryo kryo = serializer.newKryo();
        SerializerInstance spark = serializer.newInstance();
        List<String> records = new ArrayList<>();
        for (int id = 0; id < kryo.getNextRegistrationId(); id++) {
            Registration r = kryo.getRegistration(id);
            if (r == null || !(r.getSerializer() instanceof RecordSerializer)) {
                continue;
            }
            records.add(r.getType().getName());
            Object sample = sample(r.getType());
            ByteBuffer once = spark.serialize(sample, ClassTag$.MODULE$.Any());
            Object back = spark.deserialize(once.duplicate(), ClassTag$.MODULE$.Any());
            assertEquals(sample.getClass(), back.getClass());
            assertEquals(bytes(once), bytes(spark.serialize(back, ClassTag$.MODULE$.Any())), r.getType() + " comes back as it went");
        }
        assertFalse(records.isEmpty(), "no record registered with a RecordSerializer");
    }

    private static List<Byte> bytes(ByteBuffer b) {
        List<Byte> out = new ArrayList<>();
        for (int i = b.position(); i < b.limit(); i++) {
            out.add(b.get(i));
        }
        return out;
    }

    /** @return a value of the type with something in it: numbers 1, arrays of one element, records of samples; {@code null} for other classes */
    private static Object sample(Class<?> type) {
        if (type == boolean.class) {
            return true;
        }
        if (type == byte.class) {
            return (byte) 1;
        }
        if (type == short.class) {
            return (short) 1;
        }
        if (type == char.class) {
            return 'c';
        }
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 2L;
        }
        if (type == float.class) {
            return 1.5f;
        }
        if (type == double.class) {
            return 2.5;
        }
        if (type == String.class) {
            return "s";
        }
        if (type.isArray()) {
            Object a = Array.newInstance(type.getComponentType(), 1);
            Array.set(a, 0, sample(type.getComponentType()));
            return a;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = sample(types[i]);
            }
            try {
                var constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(type + ": " + e, e);
            }
        }
        return null;
    }
}
