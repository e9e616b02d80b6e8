package scratchnet.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The gallery: digits in a grid at their scale, captions under each. */
class DigitGalleryTest {

    /** A digit whose pixel (x, y) is {@code (x + 28·y) mod 256}. */
    private static byte[] ramp() {
        byte[] px = new byte[28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        return px;
    }

    @Test
    void digitsArePlacedInRowsWithTheirCaptionsBelow() {
        List<DigitGallery.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tiles.add(new DigitGallery.Tile(ramp(), List.of("#" + i, "true 7, predicted 1")));
        }
        BufferedImage img = DigitGallery.render(tiles, 3, 2);
        int cellWidth = img.getWidth() / 3;
        int cellHeight = img.getHeight() / 2;
        assertEquals(0, img.getWidth() % 3);
        assertTrue(cellWidth >= 56 && cellHeight > 56 + 2 * 12, img.getWidth() + "x" + img.getHeight());

        // the fifth tile: second row, second column; its digit centred at the top of the cell
        int x0 = cellWidth + (cellWidth - 56) / 2;
        int y0 = cellHeight + 6;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int expected = (x + 28 * y) & 0xFF;
                assertEquals(expected, img.getRGB(x0 + 2 * x + 1, y0 + 2 * y + 1) & 0xFF, "pixel " + x + "," + y);
            }
        }
        // caption: dark text pixels between the digit and the cell's bottom, none in the empty sixth cell
        assertTrue(darkPixels(img, cellWidth, cellHeight + 6 + 56, cellWidth, cellHeight - 62) > 30);
        assertEquals(0, darkPixels(img, 2 * cellWidth, cellHeight, cellWidth, cellHeight));
    }

    @Test
    void noTilesGiveASmallWhiteImageAndBadArgumentsAreRefused() {
        BufferedImage img = DigitGallery.render(List.of(), 10, 3);
        assertEquals(0xFFFFFF, img.getRGB(0, 0) & 0xFFFFFF);
        assertThrows(IllegalArgumentException.class, () -> DigitGallery.render(List.of(), 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> DigitGallery.render(List.of(new DigitGallery.Tile(new byte[10], List.of())), 1, 1));
    }

    private static int darkPixels(BufferedImage img, int x, int y, int w, int h) {
        int n = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                if ((img.getRGB(i, j) & 0xFF) < 128) {
                    n++;
                }
            }
        }
        return n;
    }
}
