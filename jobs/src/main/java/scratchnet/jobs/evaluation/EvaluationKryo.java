package scratchnet.jobs.evaluation;

import com.esotericsoftware.kryo.Kryo;

import scratchnet.core.net.EvaluationCounts;
import scratchnet.jobs.spark.KryoClasses;

/** This package's classes for Spark's Kryo: the counts each evaluation task returns. */
public final class EvaluationKryo implements KryoClasses {

    @Override
    public void register(Kryo kryo) {
        kryo.register(EvaluationCounts.class);
    }
}
