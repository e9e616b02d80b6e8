package scratchnet.jobs.e2e;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import scratchnet.jobs.cli.Main;

/** A JVM running the command line as spark-submit would, in local[2], with this test JVM's flags and classpath. */
final class MainJvm {

    private MainJvm() {
    }

    /**
     * @param args the command line
     * @param log  where its stdout and stderr go, together
     */
    static Process start(List<String> args, Path log) throws Exception {
        return start(args, log, java.util.Map.of());
    }

    /** {@link #start(List, Path)} with more environment variables. */
    static Process start(List<String> args, Path log, java.util.Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.netty")
                    || a.startsWith("--sun-misc-") || a.startsWith("--enable-native-access")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xmx2g", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Sends a signal ({@code INT}, {@code TERM}) to a process. */
    static void signal(Process p, String name) throws Exception {
        if (new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed");
        }
    }
}
