package org.hares;

/**
 * Base of every error hares reports to a user: the message names the file (or setting), what was
 * expected and what was found. The CLI prints the message on one line and exits with
 * {@link #exitCode()}.
 */
public abstract class HaresException extends RuntimeException {

    protected HaresException(String message) {
        super(message);
    }

    protected HaresException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Process exit code the CLI uses for this kind of error. */
    public abstract int exitCode();
}
