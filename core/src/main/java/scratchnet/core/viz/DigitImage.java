package scratchnet.core.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;

import javax.imageio.ImageIO;

/**
 * The book's {@code img_show}: pixels as an 8-bit grey image, white strokes on black as MNIST
 * stores them. A 28×28 digit, or any other width and height such as the 784×1 strip of a
 * flattened image.
 */
public final class DigitImage {

    private DigitImage() {
    }

    /**
     * Draws pixels into an image, each pixel a {@code scale × scale} square.
     *
     * @param pixels unsigned 0–255 values, row-major, {@code width × height}
     * @param width  pixels per row
     * @param height rows
     * @param scale  magnification, at least 1
     * @return a grey image of {@code width·scale × height·scale}
     */
    public static BufferedImage render(byte[] pixels, int width, int height, int scale) {
        if (pixels.length != width * height || scale < 1) {
            throw new IllegalArgumentException(pixels.length + " pixels do not fill " + width + "x" + height + " at scale " + scale);
        }
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                raster.setSample(x, y, 0, pixels[(y / scale) * width + x / scale] & 0xFF);
            }
        }
        return img;
    }

    /** Writes an image as PNG. */
    public static void writePng(BufferedImage img, OutputStream out) throws IOException {
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer in this JVM");
        }
    }
}
