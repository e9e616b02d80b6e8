package scratchnet.core.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The training figures side by side: on the left the book's figure 4-12 ({@code train_neuralnet.py}:
 * train accuracy as a solid line with circles, test accuracy dashed with squares, against epochs,
 * the accuracy axis from 0 to 1, the legend in the lower right); on the right the loss of every
 * iteration, the book's {@code train_loss_list}.
 */
public final class TrainingCurvesPlot {
    private static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);
    private static final Color TEST = new Color(0xff, 0x7f, 0x0e);

    private TrainingCurvesPlot() {
    }

    /**
     * @param epochs   the epoch of every evaluation (may be fractional for a last, partial epoch)
     * @param trainAcc the train accuracy at each (NaN where it was not measured)
     * @param testAcc  the test accuracy at each
     * @return the accuracy chart
     */
    public static JFreeChart accuracyChart(double[] epochs, double[] trainAcc, double[] testAcc) {
        XYSeries train = new XYSeries("train acc");
        XYSeries test = new XYSeries("test acc");
        for (int i = 0; i < epochs.length; i++) {
            if (!Double.isNaN(trainAcc[i])) {
                train.add(epochs[i], trainAcc[i]);
            }
            test.add(epochs[i], testAcc[i]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        data.addSeries(test);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, TRAIN);
        r.setSeriesPaint(1, TEST);
        r.setSeriesStroke(0, new BasicStroke(1.5f));
        r.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        r.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesShape(1, new Rectangle2D.Double(-3, -3, 6, 6));
        // a run with --train-accuracy off has no train points: no legend entry for them either
        r.setSeriesVisibleInLegend(0, train.getItemCount() > 0);
        NumberAxis x = new NumberAxis("epochs");
        x.setAutoRangeIncludesZero(true);
        NumberAxis y = new NumberAxis("accuracy");
        y.setRange(0, 1.0);
        XYPlot plot = new XYPlot(data, x, y, r);
        style(plot);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        LegendTitle legend = new LegendTitle(plot);
        legend.setFrame(new BlockBorder(Color.LIGHT_GRAY));
        legend.setBackgroundPaint(Color.WHITE);
        legend.setPosition(RectangleEdge.BOTTOM);
        plot.addAnnotation(new XYTitleAnnotation(0.98, 0.04, legend, RectangleAnchor.BOTTOM_RIGHT));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** @return the loss of every iteration, {@code loss[i]} at iteration {@code i + 1} */
    public static JFreeChart lossChart(double[] loss) {
        XYSeries s = new XYSeries("loss");
        for (int i = 0; i < loss.length; i++) {
            if (Double.isFinite(loss[i])) {
                s.add(i + 1, loss[i]);
            }
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, TRAIN);
        r.setSeriesStroke(0, new BasicStroke(0.8f));
        NumberAxis x = new NumberAxis("iteration");
        NumberAxis y = new NumberAxis("loss");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), x, y, r);
        style(plot);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setDomainGridlinePaint(new Color(0xD0, 0xD0, 0xD0));
        plot.setRangeGridlinePaint(new Color(0xD0, 0xD0, 0xD0));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    /** Draws both charts side by side, each {@code width × height}, as one PNG (headless). */
    public static void writePng(JFreeChart left, JFreeChart right, int width, int height, OutputStream out) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage image = new BufferedImage(2 * width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 2 * width, height);
            left.draw(g, new Rectangle2D.Double(0, 0, width, height));
            right.draw(g, new Rectangle2D.Double(width, 0, width, height));
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", out);
    }
}
