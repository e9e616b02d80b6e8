package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.spark.LocalSpark;

/**
 * The report's {@code index.html} in a real browser: Debian's chromium, headless, loads it from a
 * report directory; the test reads the DOM after the page's load event (the accuracy, and the
 * page's own verdict on its images) and keeps a screenshot in {@code target/e2e}.
 */
@Tag("e2e")
class BrowserIT {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 2600;
    private static Path report;

    @BeforeAll
    static void report() throws Exception {
        LocalSpark.stop();
        report = E2E.dir().resolve("browser-report");
        deleteTree(report);
        // two runs: the whole test set, then its first 2,000 images, so the history shows a change
        assertEquals(0, evaluate("--run-id", "browser-1", "--data", TestData.mnistDir().toString()).code());
        assertEquals(0, evaluate("--run-id", "browser-2", "--data", firstImages(2000).toString()).code());
        LocalSpark.stop();
    }

    private static CliRunner evaluate(String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--weights", TestData.sampleWeights().toString(), "--report", report.toString()));
        args.addAll(Arrays.asList(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** @return a directory holding the first {@code n} test images and labels as IDX files */
    private static Path firstImages(int n) throws Exception {
        Path dir = Files.createDirectories(E2E.dir().resolve("first-" + n));
        byte[] images = Arrays.copyOf(Files.readAllBytes(TestData.mnistDir().resolve("t10k-images-idx3-ubyte")), 16 + n * 784);
        byte[] labels = Arrays.copyOf(Files.readAllBytes(TestData.mnistDir().resolve("t10k-labels-idx1-ubyte")), 8 + n);
        ByteBuffer.wrap(images).putInt(4, n);
        ByteBuffer.wrap(labels).putInt(4, n);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels);
        return dir;
    }

    @Test
    void thePageShowsTheLatestAccuracyTheHistoryAndItsImages() throws Exception {
        String chromium = chromiumPath();
        double accuracy = new ObjectMapper().readTree(report.resolve("runs/browser-2.json").toFile()).get("accuracy").asDouble();
        String shown = scratchnet.core.text.PythonFormat.repr(accuracy);

        E2E.Result dom = chromium("chromium-dom", chromium, "--dump-dom", report.resolve("index.html"));
        assertEquals(0, dom.code(), dom.err());
        assertTrue(dom.out().contains("<body data-images-loaded=\"true\" data-images=\"2\">"), "every image loaded: " + head(dom.out()));
        assertTrue(dom.out().contains("id=\"latest-accuracy\">Accuracy " + shown + " <span class=\"detail\">(" + Math.round(accuracy * 2000) + " of 2000)</span>"), head(dom.out()));
        assertTrue(dom.out().contains("<h2>Latest run <code>browser-2</code></h2>"));
        assertTrue(dom.out().contains("href=\"runs/browser-1.json\">browser-1</a>") && dom.out().contains("href=\"runs/browser-2.json\">browser-2</a>"));

        Path shot = E2E.dir().resolve("report-screenshot.png");
        Files.deleteIfExists(shot);
        E2E.Result screenshot = chromium("chromium-screenshot", chromium, "--screenshot=" + shot, report.resolve("index.html"));
        assertEquals(0, screenshot.code(), screenshot.err());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(WIDTH, img.getWidth());
        assertEquals(HEIGHT, img.getHeight());
        // both images were painted: the heatmap's dark blues (cells holding 80% or more of their
        // digit: the diagonal) and the gallery's black digit backgrounds; the page itself has neither
        int darkBlue = 0;
        int black = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r <= 40 && g <= 80 && b >= 100 && b <= 130 && r < g && g < b) {
                    darkBlue++;
                }
                if ((rgb & 0xFFFFFF) == 0) {
                    black++;
                }
            }
        }
        assertTrue(darkBlue > 10 * 30 * 30, "the heatmap's diagonal in the screenshot: " + darkBlue + " pixels");
        assertTrue(black > 60 * 84 * 84 / 2, "the gallery's 60 digits in the screenshot: " + black + " pixels");
        E2E.figure(String.format(Locale.ROOT, "chromium: DOM in %.1f s, screenshot in %.1f s (%s)", dom.seconds(), screenshot.seconds(), shot));
    }

    @Test
    void thePageSaysSoWhenAnImageIsMissing() throws Exception {
        String chromium = chromiumPath();
        Path broken = E2E.dir().resolve("browser-broken");
        deleteTree(broken);
        Files.createDirectories(broken.resolve("runs"));
        Files.copy(report.resolve("index.html"), broken.resolve("index.html"));
        Files.copy(report.resolve("runs/browser-2.confusion.png"), broken.resolve("runs/browser-2.confusion.png"));
        E2E.Result dom = chromium("chromium-broken", chromium, "--dump-dom", broken.resolve("index.html"));
        assertEquals(0, dom.code(), dom.err());
        assertTrue(dom.out().contains("<body data-images-loaded=\"false\" data-images=\"2\">"), head(dom.out()));
    }

    /** @return chromium's path; the test is skipped (only) when it is not installed */
    private static String chromiumPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        assumeTrue(false, "chromium is not installed (.ci/run installs Debian's chromium)");
        return null;
    }

    /** Runs chromium headless, with a fresh profile (deleted after) and no network of its own, on a file:// URL. */
    private static E2E.Result chromium(String name, String chromium, String action, Path page) throws Exception {
        Path profile = Files.createTempDirectory(E2E.dir(), "chromium-profile-");
        try {
            return E2E.run(name, Duration.ofSeconds(90), List.of("timeout", "-k", "5", "80", chromium, "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT,
                    action, page.toUri().toString()));
        } finally {
            deleteTree(profile);
        }
    }

    private static String head(String dom) {
        return dom.substring(0, Math.min(2000, dom.length()));
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
