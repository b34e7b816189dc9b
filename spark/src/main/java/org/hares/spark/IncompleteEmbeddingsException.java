package org.hares.spark;

import org.hares.HaresException;

/** {@code spark eval} over embeddings that are missing or whose run did not finish. */
final class IncompleteEmbeddingsException extends HaresException {

    IncompleteEmbeddingsException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
