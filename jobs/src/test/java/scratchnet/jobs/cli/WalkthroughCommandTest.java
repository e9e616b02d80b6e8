package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scratchnet.core.TestData;
import scratchnet.core.data.MnistCache;
import scratchnet.core.text.PythonFormat;

/**
 * {@code walkthrough} replays the notebook: its printout must equal, line for line,
 * {@code walkthrough-expected.txt}, which NumPy printed when the same cells were run in Python
 * ({@code walkthrough-reference.py}, with {@code java.util.Random} ported for the seeded cells).
 * Only the lines naming where an image went are compared as {@code [image]}.
 */
class WalkthroughCommandTest {
    private static Path data;
    private static final Path WEIGHTS = TestData.sampleWeights();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void mnist() throws IOException {
        MnistCache cache = new MnistCache(MnistCache.defaultDir(), System.err::println);
        cache.ensure();
        data = cache.dir();
    }

    private int run(String... args) {
        return Cli.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsWhatTheNotebookPrintsAndWritesThePictures(@TempDir Path dir) throws IOException {
        int code = run("walkthrough", "--weights", WEIGHTS.toString(), "--data", data.toString(), "--out", dir.toString());
        assertEquals(Cli.OK, code, err.toString(StandardCharsets.UTF_8));

        String expected;
        try (InputStream in = getClass().getResourceAsStream("walkthrough-expected.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> actual = out.toString(StandardCharsets.UTF_8).lines()
                .map(line -> line.startsWith("[image: ") ? "[image]" : line).toList();
        assertEquals(expected.lines().toList(), actual);

        String text = String.join("\n", actual);
        for (String line : List.of("[5 0 4 ... 5 6 8]", "47040000", "Accuracy:0.9352", "[1 2 1 0]", "[[3 4]\n [7 8]]",
                "[4 8]", "[10. 12.]", "0 <(0, 0)>", "5 <(1, 2)>", "java.util.Random(42)")) {
            assertTrue(text.contains(line), line);
        }
        assertEquals(2, actual.stream().filter("Accuracy:0.9352"::equals).count(), "loop and batch");
        // the notebook's simpleNet: golden's loss for its W, by repr, after the W's own cells
        String simpleNet = text.substring(text.indexOf("# 4.4.2 simpleNet with the W the notebook printed"));
        assertTrue(simpleNet.contains("[[-0.05811371  0.41911804  1.63684316]"), simpleNet);
        assertTrue(simpleNet.contains(PythonFormat.repr(TestData.golden().at("/ch4_simplenet/loss").asDouble())), simpleNet);
        assertTrue(simpleNet.contains("[[ 0.23001268  0.29692202 -0.5269347 ]\n [ 0.34501902  0.44538304 -0.79040205]]"), simpleNet);

        assertSize(dir.resolve("mnist_show.png"), 28, 28);
        assertSize(dir.resolve("mnist_show_strip.png"), 784, 1);
        assertSize(dir.resolve("gradient_2d.png"), 640, 600);
    }

    private static void assertSize(Path png, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth(), png.toString());
        assertEquals(height, img.getHeight(), png.toString());
    }

    @Test
    void withoutWeightsItSaysWhyAndPrintsNothing() {
        assertEquals(Cli.BAD_INPUT, run("walkthrough", "--data", data.toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("--weights FILE is required"), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badDataIsOneLineAndExitCode2(@TempDir Path empty) {
        assertEquals(Cli.BAD_INPUT, run("walkthrough", "--weights", WEIGHTS.toString(), "--data", empty.toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("no such file"), message);
    }
}
