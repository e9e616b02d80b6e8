package scratchnet.jobs.io;

import java.nio.file.Path;

/**
 * A process for {@link ReplaceSignalsIT} to signal or kill: it handles signals as {@code Main}
 * does, then replaces one directory output again and again ({@code DirectoryOutput.write} with
 * {@code --overwrite}), version 2, 3, … of {@code FILES} part files each holding its version's
 * number, so that a signal sent at any moment lands somewhere in a replacement: while a version
 * is written, between the renames, or while the earlier version is removed. Prints {@code ready}
 * once the first replacement has begun.
 */
public final class ReplaceProbe {
    /** Part files in every version. */
    static final int FILES = 60;

    private ReplaceProbe() {
    }

    /** @param args the target directory, which holds version 1 already */
    public static void main(String[] args) {
        Interrupts.install(System.err, () -> { });
        Path target = Path.of(args[0]);
        System.out.println("ready");
        System.out.flush();
        for (int v = 2; ; v++) {
            DirectoryOutputTest.version(target, "probe table", v, FILES, true);
        }
    }
}
