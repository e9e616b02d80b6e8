package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import scratchnet.jobs.cli.DriverExit.Ending;

/** Where the driver runs decides how its exit code leaves it; client and local mode keep System.exit. */
class DriverExitTest {

    @Test
    void localAndClientModeExitWithTheCodeAsEver() {
        for (Map<String, String> p : java.util.List.of(Map.<String, String>of(), Map.of("spark.master", "local[2]"),
                Map.of("spark.master", "yarn", "spark.submit.deployMode", "client"),
                Map.of("spark.master", "spark://h:7077", "spark.submit.deployMode", "client"),
                Map.of("spark.master", "k8s://https://api:6443", "spark.submit.deployMode", "client"))) {
            DriverExit exit = DriverExit.of(p);
            for (int code : new int[] {0, 1, 2, 3}) {
                assertEquals(Ending.EXIT, exit.ending(code), p + " exit " + code);
            }
        }
    }

    @Test
    void yarnClusterModeReturnsOnSuccessAndThrowsTheLineOnFailure() {
        DriverExit exit = DriverExit.of(Map.of("spark.master", "yarn", "spark.submit.deployMode", "cluster",
                "spark.yarn.app.id", "application_1_0001"));
        assertEquals(Ending.RETURN, exit.ending(0));
        for (int code : new int[] {1, 2, 3}) {
            assertEquals(Ending.THROW, exit.ending(code));
        }
        exit.end(0, null);
        ClusterRunFailedException e = assertThrows(ClusterRunFailedException.class,
                () -> exit.end(2, "scratchnet: --data hdfs://nn/x: no such directory"));
        assertEquals("scratchnet: --data hdfs://nn/x: no such directory (exit 2)", e.getMessage());
        assertEquals(2, e.exitCode());
        // no stack trace: the ApplicationMaster's diagnostics are the exception as printed, one line
        assertEquals(0, e.getStackTrace().length);
        assertEquals("scratchnet: the command ended with exit code 3 (exit 3)", new ClusterRunFailedException(3, null).getMessage());
    }

    @Test
    void standaloneClusterAndKubernetesDriverPodsReturnOnSuccessAndExitWithTheCodeOnFailure() {
        for (Map<String, String> p : java.util.List.of(Map.of("spark.master", "spark://h:7077", "spark.submit.deployMode", "cluster"),
                Map.of("spark.master", "k8s://https://api:6443", "spark.submit.deployMode", "client", "spark.kubernetes.submitInDriver", "true"))) {
            DriverExit exit = DriverExit.of(p);
            assertEquals(Ending.RETURN, exit.ending(0), p.toString());
            assertEquals(Ending.EXIT, exit.ending(2), p.toString());
        }
    }

    @Test
    void aKubernetesDriverLeavesItsLineAsTheContainersTerminationMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path log = java.nio.file.Files.createFile(dir.resolve("termination-log"));
        DriverExit.terminationMessage(log, "scratchnet: no such directory");
        assertEquals("scratchnet: no such directory\n", java.nio.file.Files.readString(log));
        DriverExit.terminationMessage(dir.resolve("absent"), "scratchnet: x");
        assertEquals(false, java.nio.file.Files.exists(dir.resolve("absent")));
    }

    @Test
    void theFailureLineIsTheLastScratchnetLineButAWarning() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FailureLine err = new FailureLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        err.println("progress");
        err.println("scratchnet: evaluate: unknown option --bach-size (did you mean --batch-size?)\nUsage: …");
        err.println("scratchnet: warning: metrics not pushed: refused");
        assertEquals("scratchnet: evaluate: unknown option --bach-size (did you mean --batch-size?)", err.last());
        assertEquals(4, bytes.toString(StandardCharsets.UTF_8).lines().count());
    }
}
