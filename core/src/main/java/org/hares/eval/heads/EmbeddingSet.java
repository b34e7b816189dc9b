package org.hares.eval.heads;

import java.util.Objects;

/**
 * Embeddings of a list of clips as rows of one matrix: clip {@code c} owns rows
 * {@code clipStart[c] .. clipStart[c+1]-1} (its windows or training crops), and has one target
 * row of {@link OutputLayout#width()} values (one-hot per softmax group, or multi-hot).
 */
public final class EmbeddingSet {

    private final float[] x;
    private final int dim;
    private final int[] clipStart;
    private final float[] targets;
    private final OutputLayout layout;

    public EmbeddingSet(float[] x, int dim, int[] clipStart, float[] targets, OutputLayout layout) {
        this.x = Objects.requireNonNull(x, "x");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.clipStart = clipStart.clone();
        this.targets = targets.clone();
        this.dim = dim;
        if (dim < 1 || x.length % dim != 0) {
            throw new IllegalArgumentException(x.length + " values are not rows of dimension " + dim);
        }
        int clips = clipStart.length - 1;
        if (clips < 0 || clipStart[0] != 0 || clipStart[clips] != x.length / dim) {
            throw new IllegalArgumentException("clip row offsets must run from 0 to " + x.length / dim);
        }
        for (int c = 0; c < clips; c++) {
            if (clipStart[c + 1] <= clipStart[c]) {
                throw new IllegalArgumentException("clip " + c + " has no rows");
            }
        }
        if (targets.length != clips * layout.width()) {
            throw new IllegalArgumentException("expected " + clips + " × " + layout.width() + " targets, got " + targets.length);
        }
    }

    /** The raw row-major matrix (not copied: callers must not modify it). */
    public float[] x() {
        return x;
    }

    public int dim() {
        return dim;
    }

    public int rows() {
        return x.length / dim;
    }

    public int clips() {
        return clipStart.length - 1;
    }

    public int firstRow(int clip) {
        return clipStart[clip];
    }

    public int rowCount(int clip) {
        return clipStart[clip + 1] - clipStart[clip];
    }

    public OutputLayout layout() {
        return layout;
    }

    /** Clip targets, clips × width, row-major. */
    public float[] targets() {
        return targets.clone();
    }

    /** Targets repeated for every row of each clip, rows × width. */
    public float[] rowTargets() {
        int w = layout.width();
        float[] out = new float[rows() * w];
        for (int c = 0; c < clips(); c++) {
            for (int r = clipStart[c]; r < clipStart[c + 1]; r++) {
                System.arraycopy(targets, c * w, out, r * w, w);
            }
        }
        return out;
    }

    /** Row weights that make every clip count once: 1 / rows of its clip. */
    public float[] clipBalancedRowWeights() {
        float[] out = new float[rows()];
        for (int c = 0; c < clips(); c++) {
            int n = rowCount(c);
            for (int r = clipStart[c]; r < clipStart[c + 1]; r++) {
                out[r] = 1f / n;
            }
        }
        return out;
    }

    /** The clip of every row. */
    public int[] rowClips() {
        int[] out = new int[rows()];
        for (int c = 0; c < clips(); c++) {
            for (int r = clipStart[c]; r < clipStart[c + 1]; r++) {
                out[r] = c;
            }
        }
        return out;
    }

    /** Mean over each clip's rows of per-row scores (rows × width) → clips × width. */
    public float[] clipMeans(float[] rowScores, int width) {
        if (rowScores.length != rows() * width) {
            throw new IllegalArgumentException("expected " + rows() + " × " + width + " row scores, got " + rowScores.length);
        }
        float[] out = new float[clips() * width];
        for (int c = 0; c < clips(); c++) {
            double[] acc = new double[width];
            for (int r = clipStart[c]; r < clipStart[c + 1]; r++) {
                for (int k = 0; k < width; k++) {
                    acc[k] += rowScores[r * width + k];
                }
            }
            for (int k = 0; k < width; k++) {
                out[c * width + k] = (float) (acc[k] / rowCount(c));
            }
        }
        return out;
    }

    /** The clips at the given indices, in that order. */
    public EmbeddingSet subset(int[] clipIndices) {
        int w = layout.width();
        int rows = 0;
        for (int c : clipIndices) {
            rows += rowCount(c);
        }
        float[] sx = new float[rows * dim];
        int[] starts = new int[clipIndices.length + 1];
        float[] st = new float[clipIndices.length * w];
        int r = 0;
        for (int i = 0; i < clipIndices.length; i++) {
            int c = clipIndices[i];
            System.arraycopy(x, clipStart[c] * dim, sx, r * dim, rowCount(c) * dim);
            System.arraycopy(targets, c * w, st, i * w, w);
            r += rowCount(c);
            starts[i + 1] = r;
        }
        return new EmbeddingSet(sx, dim, starts, st, layout);
    }

    /** Concatenation of several sets with the same dimension and layout. */
    public static EmbeddingSet concat(java.util.List<EmbeddingSet> sets) {
        EmbeddingSet first = sets.get(0);
        int rows = sets.stream().mapToInt(EmbeddingSet::rows).sum();
        int clips = sets.stream().mapToInt(EmbeddingSet::clips).sum();
        int w = first.layout.width();
        float[] cx = new float[rows * first.dim];
        float[] ct = new float[clips * w];
        int[] starts = new int[clips + 1];
        int r = 0;
        int c = 0;
        for (EmbeddingSet s : sets) {
            if (s.dim != first.dim || !s.layout.equals(first.layout)) {
                throw new IllegalArgumentException("cannot join sets of different dimension or layout");
            }
            System.arraycopy(s.x, 0, cx, r * first.dim, s.x.length);
            System.arraycopy(s.targets, 0, ct, c * w, s.targets.length);
            for (int k = 0; k < s.clips(); k++) {
                starts[c + k + 1] = r + s.clipStart[k + 1];
            }
            r += s.rows();
            c += s.clips();
        }
        return new EmbeddingSet(cx, first.dim, starts, ct, first.layout);
    }
}
