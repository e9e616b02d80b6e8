package scratchnet.jobs.spark;

import com.esotericsoftware.kryo.Kryo;

/**
 * The classes one package sends between driver and executors, for Spark's Kryo. Each package that
 * has any registers its own: its implementation is listed in
 * {@code META-INF/services/scratchnet.jobs.spark.KryoClasses}, which {@link KryoRegistrator}
 * reads, so that this package names none of them.
 */
public interface KryoClasses {
    /** @param kryo registers this package's classes (and their serializers) with it */
    void register(Kryo kryo);
}
