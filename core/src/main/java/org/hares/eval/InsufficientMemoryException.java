package org.hares.eval;

import org.hares.HaresException;

/** A task whose training embeddings cannot be held by this JVM, reported before any embedding work starts. */
public final class InsufficientMemoryException extends HaresException {

    public InsufficientMemoryException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return 5;
    }
}
