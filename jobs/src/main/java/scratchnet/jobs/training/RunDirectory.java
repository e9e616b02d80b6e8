package scratchnet.jobs.training;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import scratchnet.core.BadInputException;
import scratchnet.jobs.io.HadoopFiles;

/**
 * Where a {@code train} run writes. A new run writes into {@code --out} itself. A run that
 * replaces an earlier one ({@code --overwrite}) writes everything, its checkpoints too, into a
 * hidden {@code .staging} directory inside {@code --out}, and only a finished run's files replace
 * the earlier run's ({@link #promote}): a run that fails, diverges or is killed leaves the earlier
 * outputs whole. An interrupted staged run keeps its checkpoint there, and {@code --resume}
 * continues it. The caller holds {@code --out}'s lock throughout.
 */
final class RunDirectory {
    /** The lock file in {@code --out} ({@link scratchnet.jobs.io.OutputLock}). */
    static final String LOCK = ".scratchnet.lock";
    static final String STAGING = ".staging";
    private static final List<String> OUTPUTS = List.of("weights.npz", "model.json", "curves.csv", "curves.png", Checkpoint.JSON);

    private final Path out;
    private final Path work;
    private final Configuration conf;

    private RunDirectory(Path out, Path work, Configuration conf) {
        this.out = out;
        this.work = work;
        this.conf = conf;
    }

    /**
     * Chooses where the run writes, and checks that it may.
     *
     * @param out       {@code --out}, qualified
     * @param resume    whether the run continues the checkpoint there (a staged one first)
     * @param overwrite whether an earlier run's outputs may be replaced
     * @throws BadInputException when {@code --out} is a file, or holds files without {@code --overwrite}
     */
    static RunDirectory prepare(Path out, boolean resume, boolean overwrite, Configuration conf) throws IOException {
        FileSystem fs = HadoopFiles.fileSystem(out, conf);
        if (fs.exists(out) && !fs.getFileStatus(out).isDirectory()) {
            throw new BadInputException(out + ": is a file; --out names a directory");
        }
        Path staging = new Path(out, STAGING);
        if (resume) {
            return new RunDirectory(out, Checkpoint.exists(staging, conf) ? staging : out, conf);
        }
        boolean holdsFiles = false;
        boolean holdsRun = false;
        for (FileStatus f : fs.listStatus(out)) {
            String n = f.getPath().getName();
            if (!n.equals(LOCK) && !n.equals(STAGING)) {
                holdsFiles = true;
                holdsRun |= isOutput(n);
            }
        }
        if (holdsFiles && !overwrite) {
            throw new BadInputException(out + ": already exists (use --overwrite to replace it, or --resume to continue its training)");
        }
        // what a run that did not finish left behind: without --resume, it is not continued
        fs.delete(staging, true);
        if (!holdsRun) {
            return new RunDirectory(out, out, conf);
        }
        fs.mkdirs(staging);
        return new RunDirectory(out, staging, conf);
    }

    private static boolean isOutput(String name) {
        return OUTPUTS.contains(name) || (name.startsWith("checkpoint-") && name.endsWith(".npz"));
    }

    /** @return {@code --out} */
    Path out() {
        return out;
    }

    /** @return where the run writes its checkpoints and outputs */
    Path work() {
        return work;
    }

    /** @return whether the run writes into the staging directory */
    boolean staged() {
        return !work.equals(out);
    }

    /**
     * Makes a finished staged run's files the outputs of {@code --out}: the earlier run's files are
     * removed, each staged file is renamed into place, and the staging directory goes. Nothing to
     * do for a run that wrote into {@code --out} itself.
     */
    void promote() throws IOException {
        if (!staged()) {
            return;
        }
        FileSystem fs = HadoopFiles.fileSystem(out, conf);
        for (FileStatus f : fs.listStatus(out)) {
            if (isOutput(f.getPath().getName())) {
                fs.delete(f.getPath(), false);
            }
        }
        for (FileStatus f : fs.listStatus(work)) {
            Path to = new Path(out, f.getPath().getName());
            if (!fs.rename(f.getPath(), to)) {
                throw new IOException("cannot move " + f.getPath() + " to " + to);
            }
        }
        fs.delete(work, true);
    }

    /** Removes a staged run that failed: the earlier outputs stay as they were. */
    void discard() throws IOException {
        if (staged()) {
            HadoopFiles.fileSystem(out, conf).delete(work, true);
        }
    }
}
