package scratchnet.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs python3 with NumPy as the independent reference: it writes fixtures and checks what we
 * write. Tests that need it are skipped, not failed, where python3 or NumPy is missing.
 */
final class Python {
    private static final long TIMEOUT_SECONDS = 120;
    private static Boolean hasNumpy;

    private Python() {
    }

    /** Skips the calling test unless python3 can import NumPy. */
    static void assumeNumpy() {
        Assumptions.assumeTrue(hasNumpy(), "python3 with numpy is not available");
    }

    private static synchronized boolean hasNumpy() {
        if (hasNumpy == null) {
            try {
                run("import numpy");
                hasNumpy = true;
            } catch (AssertionError | RuntimeException e) {
                hasNumpy = false;
            }
        }
        return hasNumpy;
    }

    /**
     * @param script a Python program; {@code sys.argv[1:]} are {@code args}
     * @return what it printed
     * @throws AssertionError when it fails, with its stderr
     */
    static String run(String script, Object... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        for (Object a : args) {
            command.add(a.toString());
        }
        try {
            Path err = Files.createTempFile("python", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("python3 timed out");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("python3 failed (" + p.exitValue() + "): " + Files.readString(err));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run python3: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
