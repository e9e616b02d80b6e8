package scratchnet.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.VectorXYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quiver plot of {@code -∇ function_2}: arrows toward the origin, growing outwards, axes as the book's. */
class GradientFieldPlotTest {

    @Test
    void everyArrowPointsToTheOriginAndGrowsOutwards() {
        GradientFieldPlot.Field field = GradientFieldPlot.function2Field();
        assertEquals(324, field.X().size());
        XYPlot plot = GradientFieldPlot.chart(field).getXYPlot();
        VectorXYDataset data = (VectorXYDataset) plot.getDataset();
        double longest = 0;
        for (int i = 0; i < data.getItemCount(0); i++) {
            double x = data.getXValue(0, i);
            double y = data.getYValue(0, i);
            double u = data.getVectorXValue(0, i);
            double v = data.getVectorYValue(0, i);
            double r = Math.hypot(x, y);
            double length = Math.hypot(u, v);
            if (r == 0) {
                assertEquals(0, length, 1e-9, "no arrow at the minimum");
                continue;
            }
            // anti-parallel to the position: the arrow points at the origin
            assertEquals(-1, (x * u + y * v) / (r * length), 1e-6);
            // proportional to the distance: |-grad| = 2r, one factor for all
            assertEquals(GradientFieldPlot.LONGEST_ARROW * GradientFieldPlot.STEP / (2 * Math.hypot(2.25, 2.25)), length / (2 * r), 1e-9);
            longest = Math.max(longest, length);
        }
        assertEquals(GradientFieldPlot.LONGEST_ARROW * GradientFieldPlot.STEP, longest, 1e-12);
        ValueAxis x0 = plot.getDomainAxis();
        ValueAxis x1 = plot.getRangeAxis();
        assertEquals("x0", x0.getLabel());
        assertEquals("x1", x1.getLabel());
        assertEquals(-2, x0.getLowerBound(), 0.0);
        assertEquals(2, x0.getUpperBound(), 0.0);
        assertEquals(-2, x1.getLowerBound(), 0.0);
        assertEquals(2, x1.getUpperBound(), 0.0);
        assertTrue(plot.isDomainGridlinesVisible() && plot.isRangeGridlinesVisible());
    }

    @Test
    void rendersAPng(@TempDir Path dir) throws IOException {
        JFreeChart chart = GradientFieldPlot.chart(GradientFieldPlot.function2Field());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        Charts.writePng(chart, 640, 600, png);
        String keep = System.getProperty("scratchnet.keepPng");
        if (keep != null) {
            Files.write(Path.of(keep), png.toByteArray());
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
        assertEquals(640, img.getWidth());
        assertEquals(600, img.getHeight());
        int arrowPixels = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == 0x666666) {
                    arrowPixels++;
                }
            }
        }
        assertTrue(arrowPixels > 500, "arrows drawn in #666666: " + arrowPixels + " pixels");
    }
}
