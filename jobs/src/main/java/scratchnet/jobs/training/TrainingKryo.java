package scratchnet.jobs.training;

import com.esotericsoftware.kryo.Kryo;

import scratchnet.jobs.spark.KryoClasses;
import scratchnet.jobs.spark.RecordSerializer;

/** This package's classes for Spark's Kryo: what a round's tasks send to the driver and back. */
public final class TrainingKryo implements KryoClasses {

    @Override
    public void register(Kryo kryo) {
        RecordSerializer.register(kryo, RoundWeights.class, RoundTaskResult.class, Hits.class, SyncRoundResult.class);
    }
}
