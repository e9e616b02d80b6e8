package scratchnet.core.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Digits in a grid, each drawn as {@link DigitImage} draws it (white strokes on black) with lines
 * of text centred under it, e.g. the true and the predicted label of a misclassified image.
 */
public final class DigitGallery {
    /** The side of an MNIST digit, in pixels. */
    public static final int SIDE = 28;
    private static final int PAD = 6;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private DigitGallery() {
    }

    /**
     * One digit and its caption.
     *
     * @param pixels  the 28×28 digit, unsigned 0–255, row-major
     * @param caption lines of text drawn under it, top first
     */
    public record Tile(byte[] pixels, List<String> caption) {
    }

    /**
     * Draws tiles left to right, top to bottom. Every cell has the same size: the digit at
     * {@code scale}, widened to the longest caption line, with room for the most caption lines.
     *
     * @param tiles   the digits; none gives a small white image
     * @param columns tiles per row, at least 1
     * @param scale   digit magnification, at least 1
     * @return an RGB image
     */
    public static BufferedImage render(List<Tile> tiles, int columns, int scale) {
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("columns " + columns + " and scale " + scale + " must be at least 1");
        }
        Charts.preferHeadless();
        FontMetrics metrics = metrics();
        int side = SIDE * scale;
        int textWidth = 0;
        int lines = 0;
        for (Tile t : tiles) {
            lines = Math.max(lines, t.caption().size());
            for (String line : t.caption()) {
                textWidth = Math.max(textWidth, metrics.stringWidth(line));
            }
        }
        int cellWidth = Math.max(side, textWidth) + 2 * PAD;
        int cellHeight = side + lines * metrics.getHeight() + 2 * PAD;
        int rows = (tiles.size() + columns - 1) / columns;
        int cols = Math.min(columns, Math.max(1, tiles.size()));
        BufferedImage img = new BufferedImage(cols * cellWidth, Math.max(1, rows) * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(FONT);
            g.setColor(Color.BLACK);
            for (int i = 0; i < tiles.size(); i++) {
                int x = (i % columns) * cellWidth;
                int y = (i / columns) * cellHeight;
                g.drawImage(DigitImage.render(tiles.get(i).pixels(), SIDE, SIDE, scale), x + (cellWidth - side) / 2, y + PAD, null);
                int baseline = y + PAD + side + metrics.getAscent();
                for (String line : tiles.get(i).caption()) {
                    g.drawString(line, x + (cellWidth - metrics.stringWidth(line)) / 2, baseline);
                    baseline += metrics.getHeight();
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static FontMetrics metrics() {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            return g.getFontMetrics(FONT);
        } finally {
            g.dispose();
        }
    }
}
