package scratchnet.jobs.gradcheck;

import com.esotericsoftware.kryo.Kryo;

import scratchnet.jobs.spark.KryoClasses;

/** This package's classes for Spark's Kryo: a task's input and its slice of the gradients. */
public final class GradcheckKryo implements KryoClasses {

    @Override
    public void register(Kryo kryo) {
        kryo.register(GradientCheck.Input.class);
        kryo.register(GradientCheck.Slice.class);
    }
}
