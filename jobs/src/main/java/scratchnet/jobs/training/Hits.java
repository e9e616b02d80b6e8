package scratchnet.jobs.training;

import java.io.Serializable;

/** Right predictions among some images: what counting a partition returns, and what counts add up to. */
public final class Hits implements Serializable {
    private static final long serialVersionUID = 1L;
    /** No images. */
    static final Hits NONE = new Hits(0, 0);

    /** Images predicted right. */
    final long correct;
    /** Images looked at. */
    final long images;

    Hits(long correct, long images) {
        this.correct = correct;
        this.images = images;
    }

    Hits plus(Hits other) {
        return new Hits(correct + other.correct, images + other.images);
    }

    /** @return {@code correct / images}, as the book's {@code accuracy_cnt / len(x)} */
    double accuracy() {
        return (double) correct / images;
    }
}
