package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plot-gradient} through the command line: the PNG, and usage errors as exit code 2. */
class PlotGradientCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesThePng(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("plots/gradient.png");
        assertEquals(Cli.OK, run("plot-gradient", "--out", png.toString()), err.toString(StandardCharsets.UTF_8));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(600, img.getHeight());
        assertEquals("", out.toString(StandardCharsets.UTF_8));

        assertEquals(Cli.OK, run("plot-gradient", "--out", png.toString(), "--width", "320", "--height", "300"));
        assertEquals(320, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void usageErrorsAreOneLineAndExitCode2() {
        assertEquals(Cli.BAD_INPUT, run("plot-gradient"));
        assertEquals("scratchnet: plot-gradient: option --out is required", err.toString(StandardCharsets.UTF_8).strip());
        err.reset();
        assertEquals(Cli.BAD_INPUT, run("plot-gradient", "--out", "x.png", "--width", "10"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--width must be at least 100"), err.toString(StandardCharsets.UTF_8));
    }
}
