package org.hares.eval.heads;

/** A trained head: scores for rows of embeddings (probabilities, or SVM decision values). */
public interface Classifier {

    /** Row-major {@code rows × width} scores of a row-major {@code rows × dim} matrix. */
    float[] scores(float[] x, int rows);

    /** Mean over each clip's windows of the row scores: the paper's clip-level prediction. */
    default float[] clipScores(EmbeddingSet set) {
        float[] rowScores = scores(set.x(), set.rows());
        return set.clipMeans(rowScores, set.layout().width());
    }
}
