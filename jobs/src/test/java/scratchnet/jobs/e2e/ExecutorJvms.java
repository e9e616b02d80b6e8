package scratchnet.jobs.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A test cluster's executor JVMs, processes of this machine: for {@link ExecutorKill}. */
interface ExecutorJvms {

    /** @return the executor JVM of Spark's executor {@code id}, if this cluster runs it */
    Optional<ProcessHandle> executor(String id);

    /** @return the log (stderr) of an executor JVM of this cluster */
    Path executorLog(ProcessHandle executor) throws IOException;

    /** @return a process's command line, arguments separated by spaces and ended by one (Linux's /proc) */
    static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
