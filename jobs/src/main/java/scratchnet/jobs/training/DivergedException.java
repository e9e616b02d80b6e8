package scratchnet.jobs.training;

import scratchnet.core.BadInputException;

/**
 * Training stopped because the loss or the weights stopped being finite numbers. The run is
 * deterministic, so running it again with the same settings diverges again: like bad input, it
 * exits with code 2, and the message says which step and which checkpoint is kept.
 */
public final class DivergedException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** @param message what diverged, when, and what was kept */
    public DivergedException(String message) {
        super(message);
    }
}
