package scratchnet.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An executor JVM of the test cluster SIGKILLed while a job runs: Spark's id for it, the process,
 * when, and how many tasks the job had finished by then.
 */
final class ExecutorKill {
    final String id;
    final ProcessHandle process;
    final int tasksBefore;
    final long at;

    private ExecutorKill(String id, ProcessHandle process, int tasksBefore) {
        this.id = id;
        this.process = process;
        this.tasksBefore = tasksBefore;
        this.at = System.nanoTime();
    }

    /** @return seconds since the kill */
    double since() {
        return (System.nanoTime() - at) / 1e9;
    }

    /**
     * Waits for an executor of {@code cluster} with a task running and at least
     * {@code minCompleted} done, as the driver's REST API reports them, and SIGKILLs its JVM, a
     * child of one of the cluster's Workers.
     *
     * @param name the submit's name in {@link E2E#dir()}, for its stderr
     */
    static ExecutorKill busy(StandaloneCluster cluster, SparkRest rest, Process submit, String name, long deadline, int minCompleted)
            throws Exception {
        while (true) {
            if (!submit.isAlive() || System.nanoTime() > deadline) {
                fail("the job ended before an executor could be killed mid-job: " + E2E.read(name + ".err"));
            }
            List<JsonNode> executors = rest.executors();
            int done = executors.stream().mapToInt(e -> e.get("completedTasks").asInt()).sum();
            for (JsonNode e : executors) {
                if (e.get("activeTasks").asInt() > 0 && e.get("completedTasks").asInt() >= minCompleted) {
                    String id = e.get("id").asText();
                    ProcessHandle jvm = cluster.executor(id).orElse(null);
                    if (jvm != null) {
                        ExecutorKill kill = new ExecutorKill(id, jvm, done);
                        assertTrue(jvm.destroyForcibly(), "SIGKILL executor " + id);
                        return kill;
                    }
                }
            }
            Thread.sleep(20);
        }
    }

    /** @return the driver's stderr once it has logged this executor lost */
    String awaitLost(Process submit, String name, long deadline) throws Exception {
        String line = "Lost executor " + id + " on 127.0.0.1";
        while (System.nanoTime() < deadline) {
            String err = E2E.read(name + ".err");
            if (err.contains(line)) {
                Thread.sleep(200); // the lost tasks' lines follow the executor's
                return E2E.read(name + ".err");
            }
            if (!submit.isAlive()) {
                fail("the driver ended without logging '" + line + "': " + err);
            }
            Thread.sleep(20);
        }
        return fail("no '" + line + "' from the driver in time");
    }

    /** @return whether the driver lost a task that was running on this executor */
    boolean lostARunningTask(String driverErr) {
        return driverErr.contains("ExecutorLostFailure (executor " + id + " exited");
    }
}
