package org.hares.eval.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Objects;

/**
 * Trained weights of a linear head or a one-hidden-layer ReLU MLP, with an optional input
 * standardisation (the fast protocol's), evaluated with DJL.
 *
 * @param dim    input dimension
 * @param hidden hidden units (0 for a linear head)
 * @param w1     dim × (hidden or width) weights, row-major
 * @param b1     first bias
 * @param w2     hidden × width weights (empty for a linear head)
 * @param b2     second bias (empty for a linear head)
 * @param mean   per-dimension mean subtracted first (null: none)
 * @param scale  per-dimension divisor applied after the mean (null: none)
 * @param layout output columns and activation
 */
public record DenseHead(int dim, int hidden, float[] w1, float[] b1, float[] w2, float[] b2, float[] mean, float[] scale,
        OutputLayout layout) implements Classifier {

    private static final int CHUNK_ROWS = 4096;

    public DenseHead {
        Objects.requireNonNull(layout, "layout");
        int first = hidden == 0 ? layout.width() : hidden;
        if (w1.length != dim * first || b1.length != first) {
            throw new IllegalArgumentException("first layer must be " + dim + " × " + first);
        }
        if (hidden > 0 && (w2.length != hidden * layout.width() || b2.length != layout.width())) {
            throw new IllegalArgumentException("second layer must be " + hidden + " × " + layout.width());
        }
    }

    @Override
    public float[] scores(float[] x, int rows) {
        int width = layout.width();
        float[] out = new float[rows * width];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weights1 = manager.create(w1, new Shape(dim, hidden == 0 ? width : hidden));
            NDArray bias1 = manager.create(b1);
            NDArray weights2 = hidden == 0 ? null : manager.create(w2, new Shape(hidden, width));
            NDArray bias2 = hidden == 0 ? null : manager.create(b2);
            NDArray mu = mean == null ? null : manager.create(mean);
            NDArray sd = scale == null ? null : manager.create(scale);
            for (int start = 0; start < rows; start += CHUNK_ROWS) {
                int n = Math.min(CHUNK_ROWS, rows - start);
                try (NDManager step = manager.newSubManager()) {
                    float[] chunk = new float[n * dim];
                    System.arraycopy(x, start * dim, chunk, 0, n * dim);
                    NDArray in = step.create(chunk, new Shape(n, dim));
                    if (mu != null) {
                        in = in.sub(mu).div(sd);
                    }
                    NDArray logits = in.matMul(weights1).add(bias1);
                    if (hidden > 0) {
                        logits = Activation.relu(logits).matMul(weights2).add(bias2);
                    }
                    float[] p = Outputs.probabilities(logits, layout).toFloatArray();
                    System.arraycopy(p, 0, out, start * width, p.length);
                }
            }
        }
        return out;
    }
}
