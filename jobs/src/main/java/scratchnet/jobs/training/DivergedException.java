package scratchnet.jobs.training;

import scratchnet.core.BadInputException;

/**
 * Training stopped because the loss or the weights stopped being finite numbers. The run is
 * deterministic, so running it again with the same settings diverges again: like bad input, it
 * exits with code 2, and the message says which step and which checkpoint is kept.
 */
public final class DivergedException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private final String what;

    /**
     * @param what what diverged, and when
     * @param kept what was kept
     */
    public DivergedException(String what, String kept) {
        super(what + "; " + kept);
        this.what = what;
    }

    /** @return the same divergence, with another account of what was kept */
    public DivergedException keeping(String kept) {
        return new DivergedException(what, kept);
    }
}
