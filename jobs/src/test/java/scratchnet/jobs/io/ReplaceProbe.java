package scratchnet.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * A process for {@link ReplaceSignalsIT} (and {@link DirectoryOutputTest}) to signal or kill: it handles signals as {@code Main}
 * does, then replaces one directory output again and again ({@code DirectoryOutput.write} with
 * {@code --overwrite}), version 2, 3, … of {@link #FILES} part files each holding its version's
 * number. It reports where it is on stdout, a line each, so that the test can tell where its
 * signal landed: {@code writing N} when version N's files start, {@code staged N} when they are
 * all written (the marker, the renames and the earlier version's removal follow), {@code
 * replaced N} when the replacement has returned (the next one's lock and checks follow). On
 * SIGINT or SIGTERM it prints, before the exit begins, {@code signal target=yes|no aside=yes|no}:
 * whether the target and an earlier version moved aside were there at that moment (no target
 * and an aside copy: between the two renames).
 *
 * <p>Its first argument is the mode: {@code loop} does the above; {@code outlive} replaces the
 * target once with a writer that outlives the exit's cleanup, as a writer that creates its own
 * directories (Hadoop's {@code create}, Spark's committer) would: once its files are written it
 * prints {@code ready}, waits until its staged directory is gone (the exit's cleanup removed it),
 * then writes one more file there and goes on writing; and the JVM halts only once that file is
 * written or the writer has ended (a last shutdown hook waits for it), so that what a writer
 * wrote after the cleanup would be left.
 */
public final class ReplaceProbe {
    /** Part files in every version. */
    static final int FILES = 60;
    /** The output's kind. */
    static final String KIND = "probe table";

    private ReplaceProbe() {
    }

    /** @param args the mode ({@code loop} or {@code outlive}) and the target directory, which holds version 1 already */
    public static void main(String[] args) {
        Path target = Path.of(args[1]);
        Interrupts.install(System.err, () -> System.out.println("signal " + snapshot(target)));
        endWithParent();
        Configuration conf = new Configuration();
        switch (args[0]) {
            case "loop" -> {
                for (int v = 2; ; v++) {
                    int version = v;
                    DirectoryOutput.write(target.toString(), KIND, true, conf, tmp -> {
                        System.out.println("writing " + version);
                        DirectoryOutputTest.parts(version, FILES).accept(tmp);
                        System.out.println("staged " + version);
                    });
                    System.out.println("replaced " + v);
                }
            }
            case "outlive" -> {
                CountDownLatch writerDone = new CountDownLatch(1);
                ShutdownHookManager.get().addShutdownHook(() -> awaitQuietly(writerDone), 1);
                DirectoryOutput.write(target.toString(), KIND, true, conf, tmp -> {
                    try {
                        DirectoryOutputTest.parts(2, FILES).accept(tmp);
                        Path staged = Path.of(URI.create(tmp));
                        System.out.println("ready");
                        while (Files.exists(staged)) {
                            Thread.sleep(1);
                        }
                        Files.writeString(Files.createDirectories(staged).resolve("part-late"), "2");
                        writerDone.countDown();
                        Thread.sleep(10_000); // more to write
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("interrupted", e);
                    } finally {
                        writerDone.countDown();
                    }
                });
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A test that ends, however it ends, closes the probe's stdin: then the probe is not left running. */
    private static void endWithParent() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent: only the end matters
                }
            } catch (IOException e) {
                // the end as well
            }
            Runtime.getRuntime().halt(1);
        }, "probe-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static String snapshot(Path target) {
        String aside = "\\." + target.getFileName() + "\\.[0-9]+\\.old";
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            boolean asideThere = siblings.anyMatch(p -> p.getFileName().toString().matches(aside));
            return "target=" + (Files.exists(target) ? "yes" : "no") + " aside=" + (asideThere ? "yes" : "no");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
