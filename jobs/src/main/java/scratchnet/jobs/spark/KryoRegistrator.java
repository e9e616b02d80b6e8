package scratchnet.jobs.spark;

import java.util.ServiceLoader;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;

import scratchnet.core.data.SparseImages;
import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Network;

/**
 * Teaches Spark's Kryo the classes that travel between driver and executors: core's types and
 * arrays here (the network, broadcast once, through Java serialization), then each package's own
 * ({@link KryoClasses}, in the order of the service list, the same on every JVM of a run).
 *
 * <p>Records: Spark's Kryo is kryo-shaded 4.0.x, which predates Java records. Its default
 * {@code FieldSerializer} cannot take one apart: it sets fields through {@code Unsafe} field
 * offsets, which the JVM refuses for a record's fields, so registering a record plainly fails at
 * once ({@code KryoRecordsTest} shows it). A record that travels is therefore registered with a
 * serializer of its own: {@link RecordSerializer} (its components through Kryo, then the canonical
 * constructor), or a compact hand-written one.
 */
public final class KryoRegistrator implements org.apache.spark.serializer.KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Network.class, new JavaSerializer());
        kryo.register(LayerSizes.class, new JavaSerializer());
        kryo.register(long[][].class);
        kryo.register(long[].class);
        kryo.register(int[].class);
        kryo.register(float[].class);
        kryo.register(float[][].class);
        kryo.register(float[][][].class);
        kryo.register(double[].class);
        kryo.register(short[].class);
        kryo.register(byte[].class);
        kryo.register(SparseImages.class);
        kryo.register(double[][].class);
        kryo.register(CompensatedSum.class, new CompensatedSumSerializer());
        for (KryoClasses classes : ServiceLoader.load(KryoClasses.class, KryoRegistrator.class.getClassLoader())) {
            classes.register(kryo);
        }
    }

    /** Writes a sum as its compact part (floats, weight, tail), or its high parts, then its low parts only when any is not zero. */
    private static final class CompensatedSumSerializer extends Serializer<CompensatedSum> {
        @Override
        public void write(Kryo kryo, Output out, CompensatedSum sum) {
            if (sum.isEmpty()) {
                out.writeInt(-1);
                return;
            }
            if (sum.isCompact()) {
                out.writeInt(-2);
                out.writeInt(sum.floats().length);
                out.writeFloats(sum.floats());
                out.writeDouble(sum.weight());
                out.writeInt(sum.tail().length);
                out.writeDoubles(sum.tail());
                return;
            }
            double[] hi = sum.values();
            double[] lo = sum.lows();
            out.writeInt(hi.length);
            out.writeDoubles(hi);
            boolean anyLow = false;
            if (lo != null) {
                for (double v : lo) {
                    if (v != 0) {
                        anyLow = true;
                        break;
                    }
                }
            }
            out.writeBoolean(anyLow);
            if (anyLow) {
                out.writeDoubles(lo);
            }
        }

        @Override
        public CompensatedSum read(Kryo kryo, Input in, Class<CompensatedSum> type) {
            int n = in.readInt();
            if (n == -2) {
                float[] floats = in.readFloats(in.readInt());
                double weight = in.readDouble();
                return CompensatedSum.of(floats, weight, in.readDoubles(in.readInt()));
            }
            if (n < 0) {
                return CompensatedSum.empty();
            }
            double[] hi = in.readDoubles(n);
            return CompensatedSum.of(hi, in.readBoolean() ? in.readDoubles(n) : null);
        }
    }
}
