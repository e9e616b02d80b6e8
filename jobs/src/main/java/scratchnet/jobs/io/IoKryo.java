package scratchnet.jobs.io;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import scratchnet.jobs.spark.KryoClasses;

/** This package's classes for Spark's Kryo: a batch of images gets a compact serializer of its own. */
public final class IoKryo implements KryoClasses {

    @Override
    public void register(Kryo kryo) {
        kryo.register(MnistBatch.class, new BatchSerializer());
    }

    /** Writes a batch as its two ints and its two optional byte arrays. */
    private static final class BatchSerializer extends Serializer<MnistBatch> {
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
