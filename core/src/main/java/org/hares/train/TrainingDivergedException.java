package org.hares.train;

import org.hares.HaresException;

/** The loss became NaN or infinite: the run stops without updating, its last good checkpoint kept. */
public final class TrainingDivergedException extends HaresException {

    /** Exit code of a diverged run (documented in the README). */
    public static final int EXIT_CODE = 6;

    public TrainingDivergedException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return EXIT_CODE;
    }
}
