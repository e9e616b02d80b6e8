package scratchnet.core;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starting a warm-up: work done ahead, in the background, so that its slow first run (JIT
 * compilation, a file read on first use) is not paid where it holds up a job.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /**
     * Runs a warm-up in a daemon thread, the first time this JVM asks for it; none at all with
     * {@code -Dscratchnet.warmup=false}.
     *
     * @param started    set once the warm-up has started (one flag per kind of warm-up)
     * @param threadName the thread's name
     * @param warmUp     the work
     */
    public static void startOnce(AtomicBoolean started, String threadName, Runnable warmUp) {
        if (!"false".equals(System.getProperty("scratchnet.warmup")) && started.compareAndSet(false, true)) {
            Thread t = new Thread(warmUp, threadName);
            t.setDaemon(true);
            t.start();
        }
    }
}
