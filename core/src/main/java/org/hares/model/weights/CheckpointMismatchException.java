package org.hares.model.weights;

import org.hares.HaresException;

/** A checkpoint whose parameters do not match the model: missing, unexpected or mis-shaped keys. */
public final class CheckpointMismatchException extends HaresException {

    public CheckpointMismatchException(String message) {
        super(message);
    }

    public CheckpointMismatchException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 4;
    }
}
