package scratchnet.jobs.training.sync;

import com.esotericsoftware.kryo.Kryo;

import scratchnet.jobs.spark.KryoClasses;
import scratchnet.jobs.spark.RecordSerializer;

/** This package's classes for Spark's Kryo: what a synchronous round's tasks return. */
public final class SyncKryo implements KryoClasses {

    @Override
    public void register(Kryo kryo) {
        RecordSerializer.register(kryo, SyncRoundTask.Result.class);
    }
}
