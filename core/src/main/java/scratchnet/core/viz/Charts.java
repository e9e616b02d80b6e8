package scratchnet.core.viz;

import java.io.IOException;
import java.io.OutputStream;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Drawing JFreeChart charts, and any image, without a display. */
public final class Charts {

    private Charts() {
    }

    /** Draws a chart as PNG without a display ({@link #preferHeadless()}). */
    public static void writePng(JFreeChart chart, int width, int height, OutputStream out) throws IOException {
        preferHeadless();
        ChartUtils.writeChartAsPNG(out, chart, width, height);
    }

    /**
     * Sets {@code java.awt.headless=true} when nobody has chosen, so that a server or a CI machine
     * without a display can draw.
     */
    static void preferHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
