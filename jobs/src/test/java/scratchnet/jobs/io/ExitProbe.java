package scratchnet.jobs.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;

/**
 * A process for {@link ExitCleanupTest} to signal: it handles signals as {@code Main} does, then
 * does what its first argument names and waits to be stopped.
 * <ul>
 * <li>{@code leftover DIR}: registers a file in DIR for removal at exit, and a released one;</li>
 * <li>{@code slow-write DIR}: writes DIR/out.txt atomically, its content taking two seconds;</li>
 * <li>{@code graceful DIR}: waits in a graceful scope, and on a signal writes DIR/kept.txt and ends
 *     with {@link RunInterruptedException}'s code;</li>
 * <li>{@code lock FILE}: holds an {@link OutputLock}.</li>
 * </ul>
 * Prints {@code ready} once set.
 */
public final class ExitProbe {

    private ExitProbe() {
    }

    public static void main(String[] args) throws Exception {
        Interrupts.install(System.err, () -> { });
        Configuration conf = new Configuration();
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "leftover" -> {
                Path gone = Files.writeString(dir.resolve("unfinished.png"), "x");
                ExitCleanup.register(new org.apache.hadoop.fs.Path(gone.toUri()), false, conf);
                Path kept = Files.writeString(dir.resolve("finished.png"), "x");
                ExitCleanup.register(new org.apache.hadoop.fs.Path(kept.toUri()), false, conf).release();
                ready();
                Thread.sleep(60_000);
            }
            case "slow-write" -> HadoopOutput.writeAtomically(dir.resolve("out.txt").toUri().toString(), false, conf, out -> {
                ready();
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                out.write("whole".getBytes(StandardCharsets.UTF_8));
            });
            case "graceful" -> {
                try (Interrupts.Graceful scope = Interrupts.graceful()) {
                    ready();
                    Optional<String> signal;
                    while ((signal = Interrupts.take()).isEmpty()) {
                        Thread.sleep(10);
                    }
                    Files.writeString(dir.resolve("kept.txt"), "kept");
                    System.exit(new RunInterruptedException(signal.get(), "probe").exitCode());
                }
            }
            case "lock" -> {
                OutputLock.acquire(new org.apache.hadoop.fs.Path(dir.toUri()), "the probe's output", "probe", conf, System.err);
                ready();
                Thread.sleep(60_000);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void ready() {
        System.out.println("ready");
        System.out.flush();
    }
}
