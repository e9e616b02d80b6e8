package scratchnet.core.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as a heatmap: true class down (0 at the top), predicted class across, one
 * cell per pair, labelled with its count. A cell's colour is its share of the true class (its
 * row), from white (none) to dark blue (all), on a square-root scale so that the few percent of
 * a common confusion stand out against the empty cells.
 */
public final class ConfusionHeatmap {
    /** The colour of a cell holding a whole row. */
    public static final Color FULL = new Color(0x08, 0x30, 0x6B);

    private ConfusionHeatmap() {
    }

    /**
     * @param confusion a square matrix of counts, {@code [true][predicted]}
     * @param title     the chart's title, or {@code null}
     * @return the heatmap
     */
    public static JFreeChart chart(long[][] confusion, String title) {
        int n = confusion.length;
        double[] x = new double[n * n];
        double[] y = new double[n * n];
        double[] share = new double[n * n];
        for (int t = 0; t < n; t++) {
            long row = 0;
            for (long c : confusion[t]) {
                row += c;
            }
            for (int p = 0; p < n; p++) {
                int i = t * n + p;
                x[i] = p;
                y[i] = t;
                share[i] = row == 0 ? 0 : (double) confusion[t][p] / row;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("share of the true class", new double[][] {x, y, share});

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new SqrtScale());
        NumberAxis predicted = axis("predicted", n);
        NumberAxis truth = axis("true", n);
        truth.setInverted(true);
        XYPlot plot = new XYPlot(data, predicted, truth, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        for (int i = 0; i < share.length; i++) {
            XYTextAnnotation label = new XYTextAnnotation(Long.toString(confusion[(int) y[i]][(int) x[i]]), x[i], y[i]);
            label.setFont(font);
            label.setPaint(share[i] > 0.35 ? Color.WHITE : Color.DARK_GRAY);
            plot.addAnnotation(label);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** An axis of class numbers {@code 0 … n-1}, one tick each, cells centred on them. */
    private static NumberAxis axis(String label, int n) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(-0.5, n - 0.5);
        axis.setTickUnit(new NumberTickUnit(1));
        return axis;
    }

    /** White to {@link #FULL} over {@code sqrt(share)}. */
    private static final class SqrtScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double f = Math.sqrt(Math.max(0, Math.min(1, value)));
            return new Color(mix(255, FULL.getRed(), f), mix(255, FULL.getGreen(), f), mix(255, FULL.getBlue(), f));
        }

        private static int mix(int from, int to, double f) {
            return (int) Math.round(from + (to - from) * f);
        }
    }
}
