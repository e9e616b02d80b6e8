package scratchnet.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow: a directory output replaced again and again ({@link ReplaceProbe}) and stopped, once it has
 * finished a first replacement, at random moments spread over the later ones, by SIGTERM (the exit
 * waits for the renames and removes what was unfinished) and by SIGKILL (the next writer finishes
 * what the killed one left): after every stop exactly one whole version is there, and after
 * SIGTERM nothing else. Where each signal landed is told by the probe's own lines; half the
 * signals are aimed after a version is staged, over the time the probe's last version took to be
 * put in place (marker, renames, the earlier version's removal), short beside the write.
 */
@Tag("e2e")
class ReplaceSignalsIT {
    private static final int SIGNALS = 20;
    private static final int KILLS = 12;
    /** Half the signals land up to this long after the first replacement: a few replacements' time. */
    private static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(40);
    /** The other half after a version is staged, within the time the probe's last version took to be put in place (at first, this). */
    private static final long AIMED_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

    /** Where a signal landed, by the probe's last line before it. */
    private enum Moment {
        WRITE("during a write"), FINISH("while a written version was put in place (marker, renames, the earlier one's removal)"),
        BETWEEN("between replacements (lock, checks)");

        final String words;

        Moment(String words) {
            this.words = words;
        }
    }

    @TempDir
    Path dir;

    /** Every probe started, stopped after each test even when it fails. */
    private final List<Process> probes = new ArrayList<>();

    @AfterEach
    void stopProbes() throws InterruptedException {
        for (Process p : probes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** @return the version every part file holds; fails unless the directory is one whole version */
    private static int wholeVersion(Path target) throws IOException {
        Set<String> contents = new HashSet<>();
        long parts;
        try (Stream<Path> files = Files.list(target)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().startsWith("part-")).toList();
            parts = all.size();
            for (Path f : all) {
                contents.add(Files.readString(f));
            }
        }
        assertEquals(ReplaceProbe.FILES, parts, "a whole version's part files in " + target);
        assertEquals(1, contents.size(), "one version: " + contents);
        assertTrue(Files.exists(target.resolve("_SUCCESS")) && Files.exists(target.resolve(DirectoryOutput.MARKER)), "its _SUCCESS and marker");
        return Integer.parseInt(contents.iterator().next());
    }

    private static List<String> siblings(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target.getParent())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("table")).sorted().toList();
        }
    }

    /** A running probe; a thread reads its stdout as it comes, noting when each line arrived. */
    private static final class Probe {
        private record Line(String text, long arrived) {
        }

        final Path target;
        final Process process;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final BlockingQueue<Line> unread = new LinkedBlockingQueue<>();
        private final Thread reader;
        /** How long the last version took from staged to replaced, as its lines arrived. */
        private volatile long lastFinishNanos = AIMED_DELAY_NANOS;

        Probe(Path target, Process process) {
            this.target = target;
            this.process = process;
            reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    long staged = 0;
                    for (String line; (line = out.readLine()) != null; ) {
                        long now = System.nanoTime();
                        if (line.startsWith("staged ")) {
                            staged = now;
                        } else if (line.startsWith("replaced ") && staged != 0) {
                            lastFinishNanos = now - staged;
                        }
                        lines.add(line);
                        unread.add(new Line(line, now)); // last: whoever takes it sees lastFinishNanos set
                    }
                } catch (IOException e) {
                    // the probe has ended: what it said is in lines
                }
            }, "replace-probe-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Returns once a line starting with {@code prefix} has arrived after the moment {@code since} ({@link System#nanoTime}). */
        void await(String prefix, long since) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Line l = unread.poll(100, TimeUnit.MILLISECONDS);
                if (l != null && l.text().startsWith(prefix) && l.arrived() >= since) {
                    return;
                }
                if (l == null && !reader.isAlive() && unread.isEmpty()) {
                    break;
                }
            }
            fail("the probe did not report '" + prefix + "…': it said " + tail(lines, 5) + " (running: " + process.isAlive() + ")");
        }

        /** @return all its lines, once it has exited */
        List<String> rest() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(30));
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }

    private static List<String> tail(List<String> lines, int n) {
        synchronized (lines) {
            return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /**
     * Waits for a random moment once the probe has finished a first replacement: anywhere within
     * {@link #MAX_DELAY_NANOS} (a few replacements), or, {@code aimed}, after a version is staged,
     * within the time the last one took from staged to replaced (its marker, the renames and the
     * earlier version's removal, which are short beside the write).
     *
     * @return the span the moment was drawn from, in ns
     */
    private static long awaitRandomMoment(Probe p, boolean aimed, Random random) throws InterruptedException {
        p.await("replaced ", 0);
        long span = MAX_DELAY_NANOS;
        if (aimed) {
            span = p.lastFinishNanos;
            p.await("staged ", System.nanoTime());
        }
        long until = System.nanoTime() + (long) (random.nextDouble() * span);
        while (System.nanoTime() < until) {
            LockSupport.parkNanos(Math.min(50_000, until - System.nanoTime()));
        }
        return span;
    }

    /** @return the median of the spans the aimed signals were spread over, in ms */
    private static String medianMillis(List<Long> spans) {
        List<Long> sorted = spans.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.1f", sorted.get(sorted.size() / 2) / 1e6);
    }

    /**
     * Starts a probe replacing {@code run/table}, which is written first; the next probe starts
     * while the test signals the one before, so that their JVMs' start overlaps.
     */
    private Probe probe(String run) throws IOException {
        Path target = Files.createDirectories(dir.resolve(run)).resolve("table");
        DirectoryOutputTest.version(target, ReplaceProbe.KIND, 1, ReplaceProbe.FILES, false);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ReplaceProbe.class.getName(), "loop", target.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target", "replace-probe.err").toFile())).start();
        probes.add(p);
        return new Probe(target, p);
    }

    /** @return where the probe was at the end of {@code lines}: its last report of a replacement's progress */
    private static Moment moment(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (l.startsWith("writing ")) {
                return Moment.WRITE;
            } else if (l.startsWith("staged ")) {
                return Moment.FINISH;
            } else if (l.startsWith("replaced ")) {
                return Moment.BETWEEN;
            }
        }
        throw new AssertionError("no report in " + lines);
    }

    private static String figures(Map<Moment, Integer> landed, int betweenRenames) {
        StringBuilder s = new StringBuilder();
        for (Moment m : Moment.values()) {
            s.append(s.length() == 0 ? "" : ", ").append(landed.getOrDefault(m, 0)).append(' ').append(m.words);
            if (m == Moment.FINISH) {
                s.append(" [").append(betweenRenames).append(" of them between the two renames]");
            }
        }
        return s.toString();
    }

    /** @return what a name beside the target is */
    private static String leftover(String name) {
        return name.matches("\\.table\\.[0-9]+\\.tmp") ? "staged directory" : name.matches("\\.table\\.[0-9]+\\.old") ? "earlier version aside"
                : name.equals(".table.lock") ? "lock" : name.matches("\\.table\\.lock\\.[0-9]+\\.[0-9]+\\.tmp") ? "lock's temporary" : name;
    }

    @Test
    void sigtermAtAnyMomentOfAReplacementLeavesOneWholeVersionAndNothingElse() throws Exception {
        Random random = new Random(22);
        Set<Integer> seen = new HashSet<>();
        Map<Moment, Integer> landed = new EnumMap<>(Moment.class);
        int betweenRenames = 0;
        List<Long> spans = new ArrayList<>(); // of the aimed signals
        long started = System.nanoTime();
        Probe next = probe("term0");
        for (int i = 0; i < SIGNALS; i++) {
            Probe p = next;
            next = i + 1 < SIGNALS ? probe("term" + (i + 1)) : null;
            boolean aimed = i % 2 == 0;
            long span = awaitRandomMoment(p, aimed, random);
            if (aimed) {
                spans.add(span);
            }
            p.process.toHandle().destroy(); // SIGTERM, keeping the pipe open (Process.destroy closes it)
            assertTrue(p.process.waitFor(30, TimeUnit.SECONDS), "the probe did not exit");
            List<String> lines = p.rest();
            assertEquals(143, p.process.exitValue(), "exit code; the probe said " + lines.subList(Math.max(0, lines.size() - 5), lines.size()));
            String signal = lines.stream().filter(l -> l.startsWith("signal ")).findFirst().orElse(null);
            assertNotNull(signal, "the probe reported the signal");
            Moment moment = moment(lines.subList(0, lines.indexOf(signal)));
            landed.merge(moment, 1, Integer::sum);
            betweenRenames += signal.equals("signal target=no aside=yes") ? 1 : 0;
            seen.add(wholeVersion(p.target));
            assertEquals(List.of(), siblings(p.target), "no temporary directory, earlier version or lock after signal " + (i + 1)
                    + " (" + signal + ", " + moment.words + ")");
        }
        System.out.println("e2e figure: SIGTERM " + SIGNALS + " times after a first replacement (half within 40 ms, half within " + medianMillis(spans)
                + " ms (median) after a staged version): " + figures(landed, betweenRenames)
                + "; one whole version and nothing beside it each time (" + seen.size() + " distinct versions; "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s)");
    }

    @Test
    void sigkillAtAnyMomentLeavesAWholeVersionThatTheNextWriterFinishes() throws Exception {
        Random random = new Random(2222);
        Map<Moment, Integer> landed = new EnumMap<>(Moment.class);
        int betweenRenames = 0;
        List<Long> spans = new ArrayList<>(); // of the aimed signals
        int leftovers = 0;
        Map<String, Integer> left = new TreeMap<>();
        long started = System.nanoTime();
        Probe next = probe("kill0");
        for (int i = 0; i < KILLS; i++) {
            Probe p = next;
            next = i + 1 < KILLS ? probe("kill" + (i + 1)) : null;
            boolean aimed = i % 2 == 0;
            long span = awaitRandomMoment(p, aimed, random);
            if (aimed) {
                spans.add(span);
            }
            p.process.toHandle().destroyForcibly(); // SIGKILL
            assertTrue(p.process.waitFor(30, TimeUnit.SECONDS));
            landed.merge(moment(p.rest()), 1, Integer::sum);
            Path target = p.target;
            List<String> beside = siblings(target);
            leftovers += beside.isEmpty() ? 0 : 1;
            beside.forEach(n -> left.merge(leftover(n), 1, Integer::sum));
            if (Files.exists(target)) {
                wholeVersion(target);
            } else {
                betweenRenames++;
                List<String> aside = beside.stream().filter(n -> n.matches("\\.table\\.[0-9]+\\.old")).toList();
                assertEquals(1, aside.size(), "no target: the earlier version is aside, whole, in " + beside);
                wholeVersion(target.resolveSibling(aside.get(0)));
            }
            // the next writer takes the stale lock, restores or removes what the killed one left, and replaces it
            DirectoryOutputTest.version(target, ReplaceProbe.KIND, 1, ReplaceProbe.FILES, true);
            assertEquals(1, wholeVersion(target));
            assertEquals(List.of(), siblings(target), "the next writer left nothing beside the target after kill " + (i + 1) + ", which left " + beside);
        }
        System.out.println("e2e figure: SIGKILL " + KILLS + " times after a first replacement (half within 40 ms, half within " + medianMillis(spans)
                + " ms (median) after a staged version): " + figures(landed, betweenRenames)
                + "; a whole version each time, " + leftovers + " kills left something beside it " + left + ", which the next writer removed ("
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s)");
    }
}
