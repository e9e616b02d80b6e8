package scratchnet.jobs.training;

import java.io.Serializable;

/**
 * Right predictions among some images: what counting a partition returns, and what counts add up to.
 *
 * @param correct images predicted right
 * @param images  images looked at
 */
public record Hits(long correct, long images) implements Serializable {
    /** No images. */
    public static final Hits NONE = new Hits(0, 0);

    Hits plus(Hits other) {
        return new Hits(correct + other.correct, images + other.images);
    }

    /** @return {@code correct / images}, as the book's {@code accuracy_cnt / len(x)} */
    double accuracy() {
        return (double) correct / images;
    }
}
