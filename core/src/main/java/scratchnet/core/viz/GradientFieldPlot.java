package scratchnet.core.viz;

import java.awt.BasicStroke;
import java.awt.Color;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.VectorRenderer;
import org.jfree.data.xy.VectorSeries;
import org.jfree.data.xy.VectorSeriesCollection;

import scratchnet.core.array.F64Array;
import scratchnet.core.math.ExampleFunctions;
import scratchnet.core.math.Grids;
import scratchnet.core.math.NumericalGradient;

/**
 * The book's figure 4-9 ({@code gradient_2d.py}): the field of {@code -∇ function_2} drawn as
 * arrows, a quiver plot. As the book computes it: {@code x0 = x1 = np.arange(-2, 2.5, 0.25)},
 * {@code X, Y = np.meshgrid(x0, x1)}, flattened, then
 * {@code grad = numerical_gradient(function_2, np.array([X, Y]))} row by row, and
 * {@code plt.quiver(X, Y, -grad[0], -grad[1], angles="xy", color="#666666")} with both axes
 * limited to {@code [-2, 2]}, labelled {@code x0} and {@code x1}, and the grid on.
 *
 * <p>Arrow scale: matplotlib's autoscale makes the longest arrows about one grid cell long; here
 * every vector is multiplied by one factor so that the longest arrow is exactly
 * {@value #LONGEST_ARROW} of the grid step ({@value #STEP}). Lengths stay proportional to
 * {@code |∇f|}, so the arrows grow outwards, and neighbours never overlap.
 */
public final class GradientFieldPlot {
    /** The grid step of the book's {@code np.arange(-2, 2.5, 0.25)}. */
    public static final double STEP = 0.25;
    /** The longest arrow's length, as a fraction of {@link #STEP}. */
    public static final double LONGEST_ARROW = 0.9;
    /** The book's arrow colour, {@code #666666}. */
    public static final Color ARROW_COLOR = new Color(0x66, 0x66, 0x66);

    private GradientFieldPlot() {
    }

    /**
     * The field the book plots.
     *
     * @param X    the grid's {@code x0} of every point, flattened
     * @param Y    the grid's {@code x1} of every point, flattened
     * @param grad {@code 2 × n}: {@code ∂f/∂x0} in row 0, {@code ∂f/∂x1} in row 1
     */
    public record Field(F64Array X, F64Array Y, F64Array grad) {
    }

    /** @return the grid and the numerical gradient of {@code function_2} on it, as {@code gradient_2d.py} computes them */
    public static Field function2Field() {
        double[] x0 = Grids.arange(-2, 2.5, STEP);
        double[] x1 = Grids.arange(-2, 2.5, STEP);
        Grids.Mesh mesh = Grids.meshgrid(x0, x1);
        F64Array X = Grids.flatten(mesh.X());
        F64Array Y = Grids.flatten(mesh.Y());
        F64Array grad = NumericalGradient.numericalGradientByRows(ExampleFunctions::function2,
                F64Array.matrix(new double[][] {X.data(), Y.data()}));
        return new Field(X, Y, grad);
    }

    /**
     * The quiver plot of {@code -grad}: one arrow from every grid point, scaled as the class
     * comment says.
     */
    public static JFreeChart chart(Field field) {
        int n = field.X().size();
        double[] u = new double[n];
        double[] v = new double[n];
        double longest = 0;
        for (int i = 0; i < n; i++) {
            u[i] = -field.grad().data()[i];
            v[i] = -field.grad().data()[n + i];
            longest = Math.max(longest, Math.hypot(u[i], v[i]));
        }
        double scale = longest == 0 ? 0 : LONGEST_ARROW * STEP / longest;
        VectorSeries arrows = new VectorSeries("-grad");
        for (int i = 0; i < n; i++) {
            arrows.add(field.X().data()[i], field.Y().data()[i], u[i] * scale, v[i] * scale);
        }
        VectorSeriesCollection data = new VectorSeriesCollection();
        data.addSeries(arrows);

        VectorRenderer renderer = new VectorRenderer();
        renderer.setSeriesPaint(0, ARROW_COLOR);
        renderer.setSeriesStroke(0, new BasicStroke(1.2f));
        XYPlot plot = new XYPlot(data, axis("x0"), axis("x1"), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(true);
        plot.setRangeGridlinesVisible(true);
        plot.setDomainGridlinePaint(new Color(0xB0, 0xB0, 0xB0));
        plot.setRangeGridlinePaint(new Color(0xB0, 0xB0, 0xB0));
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setOutlinePaint(Color.BLACK);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** An axis as the book's: the label, limits {@code [-2, 2]}, a tick every 0.5. */
    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(-2, 2);
        axis.setTickUnit(new NumberTickUnit(0.5));
        return axis;
    }
}
