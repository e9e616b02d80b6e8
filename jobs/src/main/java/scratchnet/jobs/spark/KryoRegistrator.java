package scratchnet.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;

import scratchnet.core.data.SparseImages;
import scratchnet.core.math.CompensatedSum;
import scratchnet.core.net.LayerSizes;
import scratchnet.core.net.Network;
import scratchnet.jobs.evaluation.EvaluationCounts;
import scratchnet.jobs.gradcheck.GradientCheck;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.training.Hits;
import scratchnet.jobs.training.RoundTaskResult;
import scratchnet.jobs.training.RoundWeights;
import scratchnet.jobs.training.SyncRoundResult;

/**
 * Teaches Spark's Kryo (version 4, which predates Java records) the classes that travel between
 * driver and executors: batches get a compact serializer of their own, the network (broadcast
 * once) goes through Java serialization.
 */
public final class KryoRegistrator implements org.apache.spark.serializer.KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(MnistBatch.class, new MnistBatchSerializer());
        kryo.register(Network.class, new JavaSerializer());
        kryo.register(LayerSizes.class, new JavaSerializer());
        kryo.register(EvaluationCounts.class);
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
        kryo.register(RoundWeights.class);
        kryo.register(RoundTaskResult.class);
        kryo.register(Hits.class);
        kryo.register(SyncRoundResult.class);
        kryo.register(double[][].class);
        kryo.register(GradientCheck.Input.class);
        kryo.register(GradientCheck.Slice.class);
        kryo.register(CompensatedSum.class, new CompensatedSumSerializer());
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

    /** Writes a batch as its two ints and its two optional byte arrays. */
    private static final class MnistBatchSerializer extends Serializer<MnistBatch> {
        @Override
        public void write(Kryo kryo, Output out, MnistBatch batch) {
            out.writeInt(batch.first());
            out.writeInt(batch.count());
            writeBytes(out, batch.images());
            writeBytes(out, batch.labels());
        }

        @Override
        public MnistBatch read(Kryo kryo, Input in, Class<MnistBatch> type) {
            return new MnistBatch(in.readInt(), in.readInt(), readBytes(in), readBytes(in));
        }

        private static void writeBytes(Output out, byte[] bytes) {
            out.writeInt(bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                out.writeBytes(bytes);
            }
        }

        private static byte[] readBytes(Input in) {
            int n = in.readInt();
            return n < 0 ? null : in.readBytes(n);
        }
    }
}
