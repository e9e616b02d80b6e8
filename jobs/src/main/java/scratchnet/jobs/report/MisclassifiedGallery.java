package scratchnet.jobs.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;

import scratchnet.core.data.MnistSet;
import scratchnet.core.net.Network;
import scratchnet.core.net.Scorer;
import scratchnet.core.viz.DigitGallery;
import scratchnet.jobs.io.MnistBatch;
import scratchnet.jobs.io.MnistSource;

/**
 * The first misclassified test images of a run as one picture: each digit with its index, its true
 * label and the label the network predicted. The few digits shown are read and scored again on
 * the driver, with the same network and {@link Scorer}.
 */
public final class MisclassifiedGallery {
    /** At most this many digits are drawn, the lowest indices first. */
    public static final int LIMIT = 60;
    private static final int COLUMNS = 10;
    private static final int SCALE = 3;

    private MisclassifiedGallery() {
    }

    /**
     * @param data          the test set the run read
     * @param network       the run's weights
     * @param misclassified the run's misclassified indices, ascending
     * @return the gallery
     */
    public static BufferedImage render(MnistSource data, Network network, int[] misclassified, Configuration conf) {
        int[] shown = Arrays.copyOf(misclassified, Math.min(LIMIT, misclassified.length));
        List<DigitGallery.Tile> tiles = new ArrayList<>(shown.length);
        Scorer scorer = new Scorer(network);
        for (MnistBatch digit : data.readEach(shown, conf)) {
            int predicted = scorer.score(MnistSet.normalize(digit.images(), 0, MnistSet.PIXELS), 0, 1).prediction(0);
            tiles.add(new DigitGallery.Tile(digit.images(), List.of("#" + digit.first(), "true " + digit.labels()[0] + ", pred " + predicted)));
        }
        return DigitGallery.render(tiles, COLUMNS, SCALE);
    }
}
