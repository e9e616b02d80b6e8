package scratchnet.jobs.report;

import scratchnet.core.BadInputException;

/** A {@code --run-id} that cannot name a run file ({@link RunId#check}): bad input, exit code 2. */
public final class InvalidRunIdException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** @param message one line saying what a run id must be */
    InvalidRunIdException(String message) {
        super(message);
    }
}
