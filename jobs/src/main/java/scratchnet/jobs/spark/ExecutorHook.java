package scratchnet.jobs.spark;

import java.io.Serializable;

/**
 * Work a job's tasks start on their executor before their own, such as a warm-up that
 * {@link StartupTuning} chose; the job's code runs it without knowing what it is.
 */
@FunctionalInterface
public interface ExecutorHook extends Serializable {
    /** Starts the work; returns at once (the work runs in the background or is already done). */
    void start();
}
