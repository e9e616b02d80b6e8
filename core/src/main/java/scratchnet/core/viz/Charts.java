package scratchnet.core.viz;

import java.io.IOException;
import java.io.OutputStream;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Drawing JFreeChart charts without a display. */
public final class Charts {

    private Charts() {
    }

    /**
     * Draws a chart as PNG without a display: sets {@code java.awt.headless=true} when nobody has
     * chosen, so that a server or a CI machine can render it.
     */
    public static void writePng(JFreeChart chart, int width, int height, OutputStream out) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ChartUtils.writeChartAsPNG(out, chart, width, height);
    }
}
