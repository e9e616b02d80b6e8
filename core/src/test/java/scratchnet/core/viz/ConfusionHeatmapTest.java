package scratchnet.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;

import scratchnet.core.TestData;

/** The confusion heatmap of the book's network: shares by row, counts in the cells, true class down. */
class ConfusionHeatmapTest {

    private static long[][] goldenConfusion() {
        var rows = TestData.golden().at("/ch3_inference/float32/confusion_matrix");
        long[][] m = new long[10][10];
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                m[t][p] = rows.get(t).get(p).asLong();
            }
        }
        return m;
    }

    @Test
    void cellsHoldTheShareOfTheirTrueClassAndAreLabelledWithTheCount() {
        long[][] m = goldenConfusion();
        XYPlot plot = ConfusionHeatmap.chart(m, "confusion").getXYPlot();
        XYZDataset data = (XYZDataset) plot.getDataset();
        assertEquals(100, data.getItemCount(0));
        for (int i = 0; i < 100; i++) {
            int p = (int) data.getXValue(0, i);
            int t = (int) data.getYValue(0, i);
            long row = java.util.Arrays.stream(m[t]).sum();
            assertEquals((double) m[t][p] / row, data.getZValue(0, i), 1e-12);
        }
        Map<String, String> labels = new HashMap<>();
        for (XYAnnotation a : plot.getAnnotations()) {
            XYTextAnnotation text = (XYTextAnnotation) a;
            labels.put((int) text.getY() + "," + (int) text.getX(), text.getText());
        }
        assertEquals(100, labels.size());
        assertEquals(Long.toString(m[3][5]), labels.get("3,5"));
        assertEquals(Long.toString(m[9][9]), labels.get("9,9"));
        assertTrue(plot.getRangeAxis().isInverted(), "true class 0 at the top");
        assertEquals("predicted", plot.getDomainAxis().getLabel());
        assertEquals("true", plot.getRangeAxis().getLabel());
        assertEquals(ConfusionHeatmap.FULL, ((XYBlockRenderer) plot.getRenderer()).getPaintScale().getPaint(1.0));
        assertEquals(Color.WHITE, ((XYBlockRenderer) plot.getRenderer()).getPaintScale().getPaint(0.0));
    }

    @Test
    void theDiagonalIsDarkAndAnEmptyCellWhite() throws IOException {
        long[][] m = new long[10][10];
        for (int t = 0; t < 10; t++) {
            m[t][t] = 100;
        }
        JFreeChart chart = ConfusionHeatmap.chart(m, null);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        Charts.writePng(chart, 500, 500, png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(500, 500, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        assertEquals(ConfusionHeatmap.FULL.getRGB(), cellColour(img, area, 2, 2), "cell (2, 2)");
        assertEquals(Color.WHITE.getRGB(), cellColour(img, area, 4, 9), "cell (4, 9)");
    }

    /** The colour a third of a cell below its centre, clear of the label; x grows with p, y with t. */
    private static int cellColour(BufferedImage img, Rectangle2D area, int t, int p) {
        double w = area.getWidth() / 10;
        double h = area.getHeight() / 10;
        return img.getRGB((int) (area.getX() + (p + 0.5) * w), (int) (area.getY() + (t + 0.5) * h + h / 3));
    }
}
