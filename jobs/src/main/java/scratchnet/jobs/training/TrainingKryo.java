package scratchnet.jobs.training;

import com.esotericsoftware.kryo.Kryo;

import scratchnet.jobs.spark.KryoClasses;
import scratchnet.jobs.spark.RecordSerializer;

/** This package's classes for Spark's Kryo: a round's broadcast weights and what its tasks return. */
public final class TrainingKryo implements KryoClasses {

    @Override
    public void register(Kryo kryo) {
        RecordSerializer.register(kryo, RoundEngine.Weights.class, JobRounds.TaskResult.class, Hits.class);
    }
}
