package scratchnet.jobs.spark;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo's serializer for a record ({@link KryoRegistrator} says why records need one): its
 * components in order, each written as Kryo writes any object (so arrays and registered classes
 * keep their own serializers), read back through the canonical constructor.
 *
 * @param <T> the record
 */
public final class RecordSerializer<T extends Record> extends Serializer<T> {
    private final Method[] accessors;
    private final Constructor<T> constructor;

    private RecordSerializer(Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        accessors = new Method[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
            types[i] = components[i].getType();
        }
        try {
            constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
        constructor.setAccessible(true);
    }

    /** Registers each record with a serializer of its own. */
    @SafeVarargs
    public static void register(Kryo kryo, Class<? extends Record>... records) {
        for (Class<? extends Record> type : records) {
            kryo.register(type, of(type));
        }
    }

    private static <R extends Record> RecordSerializer<R> of(Class<R> type) {
        return new RecordSerializer<>(type);
    }

    @Override
    public void write(Kryo kryo, Output out, T record) {
        for (Method accessor : accessors) {
            try {
                kryo.writeClassAndObject(out, accessor.invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new KryoException(accessor + ": " + e, e);
            }
        }
    }

    @Override
    public T read(Kryo kryo, Input in, Class<T> type) {
        Object[] values = new Object[accessors.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = kryo.readClassAndObject(in);
        }
        try {
            return constructor.newInstance(values);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new KryoException(type.getName() + ": " + e, e);
        }
    }
}
