package scratchnet.jobs.training;

import com.esotericsoftware.kryo.Kryo;

import scratchnet.jobs.spark.KryoClasses;

/** This package's classes for Spark's Kryo: what a round's tasks send to the driver and back. */
public final class TrainingKryo implements KryoClasses {

    @Override
    public void register(Kryo kryo) {
        kryo.register(RoundWeights.class);
        kryo.register(RoundTaskResult.class);
        kryo.register(Hits.class);
        kryo.register(SyncRoundResult.class);
    }
}
