package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An executor JVM of the test cluster SIGKILLed while a job runs, with a task running on it: Spark's
 * id for it, the process, when, and how many tasks the job had finished by then.
 *
 * <p>The tasks here take milliseconds, so an executor is often between two of them, and the driver's
 * REST API lags behind on a loaded machine. The executor's own log tells: it is frozen (SIGSTOP) and
 * its log read; a task it was given ({@code Got assigned task N}) but did not finish
 * ({@code Finished task … (TID N)}, which it logs before sending the result) is in flight, and the
 * executor is SIGKILLed with it. Otherwise it runs on a moment (SIGCONT) and is frozen again.
 *
 * <p>It keeps the job it was killed in (the submit, its driver's REST API), to watch it get over
 * the loss.
 */
final class ExecutorKill {
    private static final Pattern ASSIGNED = Pattern.compile("Got assigned task (\\d+)");
    private static final Pattern ENDED = Pattern.compile("(?:Finished task|Exception in task|killed task) .*\\(TID (\\d+)\\)");
    private static final int FREEZES = 100;

    final String id;
    final ProcessHandle process;
    final int tasksBefore;
    final Set<Long> tasksInFlight;
    final long at;
    private final SparkRest rest;
    private final Process submit;
    private final String name;
    private final long deadline;

    private ExecutorKill(String id, ProcessHandle process, int tasksBefore, Set<Long> tasksInFlight, SparkRest rest, Process submit,
                         String name, long deadline) {
        this.id = id;
        this.process = process;
        this.tasksBefore = tasksBefore;
        this.tasksInFlight = tasksInFlight;
        this.at = System.nanoTime();
        this.rest = rest;
        this.submit = submit;
        this.name = name;
        this.deadline = deadline;
    }

    /** @return seconds since the kill */
    double since() {
        return (System.nanoTime() - at) / 1e9;
    }

    /**
     * Waits for an executor of {@code cluster} with at least {@code minCompleted} tasks done, as the
     * driver's REST API reports them, then freezes its JVM (a child of one of the cluster's Workers)
     * until its log shows a task in flight, and SIGKILLs it. The hunt and the job's recovery
     * ({@link #awaitRecovery()}) have {@link E2E#SUBMIT_TIMEOUT} together.
     *
     * @param name the submit's name in {@link E2E#dir()}, for its stderr
     */
    static ExecutorKill withTaskRunning(ExecutorJvms cluster, SparkRest rest, Process submit, String name, int minCompleted)
            throws Exception {
        long deadline = System.nanoTime() + E2E.SUBMIT_TIMEOUT.toNanos();
        String id = null;
        ProcessHandle jvm = null;
        int done = 0;
        while (jvm == null) {
            checkRunning(submit, name, deadline);
            List<JsonNode> executors = rest.executors();
            for (JsonNode e : executors) {
                if (e.get("completedTasks").asInt() >= minCompleted && cluster.executor(e.get("id").asText()).isPresent()) {
                    id = e.get("id").asText();
                    jvm = cluster.executor(id).get();
                    done = executors.stream().mapToInt(x -> x.get("completedTasks").asInt()).sum();
                    break;
                }
            }
            Thread.sleep(20);
        }
        Path log = cluster.executorLog(jvm);
        try {
            for (int freeze = 0; freeze < FREEZES; freeze++) {
                checkRunning(submit, name, deadline);
                signal(jvm, "STOP");
                awaitStopped(jvm);
                String text = Files.readString(log);
                if (!text.contains("Finished task")) {
                    fail(log + " holds no 'Finished task' line: the executor must log at INFO (Spark's default profile)");
                }
                Set<Long> inFlight = inFlight(text);
                if (!inFlight.isEmpty()) {
                    ExecutorKill kill = new ExecutorKill(id, jvm, done, inFlight, rest, submit, name, deadline);
                    assertTrue(jvm.destroyForcibly(), "SIGKILL executor " + id);
                    return kill;
                }
                signal(jvm, "CONT");
                Thread.sleep(10 + freeze % 7 * 10);
            }
            return fail("executor " + id + " never had a task in flight in " + FREEZES + " freezes");
        } finally {
            if (jvm.isAlive()) {
                jvm.destroyForcibly();
            }
        }
    }

    /** @return the tasks an executor's log shows given to it but not ended */
    static Set<Long> inFlight(String log) {
        Set<Long> tasks = new TreeSet<>();
        for (Matcher m = ASSIGNED.matcher(log); m.find(); ) {
            tasks.add(Long.parseLong(m.group(1)));
        }
        for (Matcher m = ENDED.matcher(log); m.find(); ) {
            tasks.remove(Long.parseLong(m.group(1)));
        }
        return tasks;
    }

    private static void checkRunning(Process submit, String name, long deadline) throws Exception {
        if (!submit.isAlive() || System.nanoTime() > deadline) {
            fail("the job ended before an executor could be killed mid-job: " + E2E.read(name + ".err"));
        }
    }

    private static void signal(ProcessHandle p, String signal) throws Exception {
        assertEquals(0, E2E.run("kill-" + signal.toLowerCase(java.util.Locale.ROOT), Duration.ofSeconds(10),
                List.of("kill", "-" + signal, Long.toString(p.pid()))).code(), "kill -" + signal + " " + p.pid());
    }

    /** Waits until Linux reports the process stopped ({@code T} in /proc/PID/stat), so that its log is final. */
    private static void awaitStopped(ProcessHandle p) throws Exception {
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        for (int i = 0; i < 200; i++) {
            String s = Files.readString(stat);
            if (s.substring(s.lastIndexOf(')') + 2).startsWith("T")) {
                return;
            }
            Thread.sleep(5);
        }
        fail("process " + p.pid() + " did not stop");
    }

    /** Waits until the driver has logged this executor lost. */
    private void awaitLost() throws Exception {
        String line = "Lost executor " + id + " on ";
        while (System.nanoTime() < deadline) {
            String err = E2E.read(name + ".err");
            if (err.contains(line)) {
                Thread.sleep(200); // the lost tasks' lines follow the executor's: let them reach the log too
                return;
            }
            if (!submit.isAlive()) {
                fail("the driver ended without logging '" + line + "': " + err);
            }
            Thread.sleep(20);
        }
        fail("no '" + line + "' from the driver in time");
    }

    /**
     * The job's recovery from the kill, in seconds after it.
     *
     * @param noticed the driver had logged the executor lost
     * @param replaced an executor the driver had not known at the kill had registered ({@code null}: none did)
     */
    record Recovery(double noticed, Double replaced) {
    }

    /**
     * Waits for the driver to log this executor lost, then for the job to end (or the deadline),
     * watching the driver's REST API meanwhile for the Master's replacement: an executor it did not
     * list at the kill.
     */
    Recovery awaitRecovery() throws Exception {
        Set<String> seen = new HashSet<>(List.of(id));
        rest.executors().forEach(e -> seen.add(e.get("id").asText()));
        awaitLost();
        double noticed = since();
        Double replaced = null;
        while (submit.isAlive() && System.nanoTime() < deadline) {
            if (replaced == null && rest.executors().stream().anyMatch(e -> !seen.contains(e.get("id").asText()))) {
                replaced = since();
            }
            Thread.sleep(100);
        }
        return new Recovery(noticed, replaced);
    }

    /**
     * @param events the application's event log
     * @return the tasks (stage and index) the event log shows lost with this executor, each also
     *         finished by a later attempt
     * @throws AssertionError when a lost task was never run again to its end
     */
    List<String> lostTasksRunAgain(List<JsonNode> events) {
        List<String> lost = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode reason = e.path("Task End Reason");
            if (e.path("Event").asText().equals("SparkListenerTaskEnd") && reason.path("Reason").asText().equals("ExecutorLostFailure")
                    && reason.path("Executor ID").asText().equals(id)) {
                lost.add(e.path("Stage ID").asInt() + "." + e.at("/Task Info/Index").asInt());
            }
        }
        for (String task : lost) {
            boolean again = events.stream().anyMatch(e -> e.path("Event").asText().equals("SparkListenerTaskEnd")
                    && e.at("/Task End Reason/Reason").asText().equals("Success")
                    && (e.path("Stage ID").asInt() + "." + e.at("/Task Info/Index").asInt()).equals(task)
                    && e.at("/Task Info/Attempt").asInt() > 0);
            assertTrue(again, "task " + task + " lost with executor " + id + " was never run again to its end");
        }
        return lost;
    }
}
