package org.hares.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * SimCLR with NT-Xent over the whole batch: the two views of a clip are positives, the other
 * {@code 2(N − 1)} views negatives, cosine similarity divided by the temperature. When the
 * {@code 2N} views do not fit one pass of the backbone the gradient is cached (Gao et al. 2021,
 * "Scaling Deep Contrastive Learning Batch Size under Memory Limited Setup"): every view is
 * embedded without a graph, the projector, the full-batch loss and its gradient with respect to
 * the embeddings are computed in one pass, then each chunk goes through the backbone again with a
 * graph and is back-propagated with that gradient. The projector always sees the whole batch (its
 * batch normalisation spans every view), so the result is the one-pass large-batch gradient
 * (stochastic depth draws the same masks in both passes).
 */
final class SimclrObjective implements TrainingObjective {

    private final double temperature;

    SimclrObjective(double temperature) {
        this.temperature = temperature;
    }

    @Override
    public StepResult gradients(TrainingModel model, Batch batch, int microBatch, long seed) {
        int n = batch.examples();
        try (NDManager scope = model.manager().newSubManager()) {
            if (microBatch >= n) {
                TrainingObjective.seedChunk(seed, batch.step(), 0);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray e = model.embed(TrainingObjective.input(scope, batch, 0, n), true);
                    return lossAndBackward(model, gc, e);
                }
            }
            int chunks = (n + microBatch - 1) / microBatch;
            float[] embeddings = null;
            int d = 0;
            for (int c = 0; c < chunks; c++) {
                int from = c * microBatch;
                int to = Math.min(n, from + microBatch);
                try (NDManager chunk = scope.newSubManager()) {
                    TrainingObjective.seedChunk(seed, batch.step(), c);
                    float[] e = model.embed(TrainingObjective.input(chunk, batch, from, to), true).toFloatArray();
                    if (embeddings == null) {
                        d = e.length / (to - from);
                        embeddings = new float[n * d];
                    }
                    System.arraycopy(e, 0, embeddings, from * d, e.length);
                }
            }
            NDArray all = scope.create(embeddings, new Shape(n, d));
            all.setRequiresGradient(true);
            StepResult result;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                result = lossAndBackward(model, gc, all);
            }
            float[] cached = all.getGradient().toFloatArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                for (int c = 0; c < chunks; c++) {
                    int from = c * microBatch;
                    int to = Math.min(n, from + microBatch);
                    try (NDManager chunk = scope.newSubManager()) {
                        TrainingObjective.seedChunk(seed, batch.step(), c);
                        NDArray e = model.embed(TrainingObjective.input(chunk, batch, from, to), true);
                        float[] g = new float[(to - from) * d];
                        System.arraycopy(cached, from * d, g, 0, g.length);
                        gc.backward(e.mul(chunk.create(g, e.getShape())).sum());
                    }
                }
            }
            return result;
        }
    }

    /** Projects a whole batch of embeddings, back-propagates its NT-Xent loss and returns it. */
    private StepResult lossAndBackward(TrainingModel model, GradientCollector gc, NDArray embeddings) {
        NDArray z = model.head(embeddings, true).head();
        NDArray loss = ntXent(z, temperature);
        StepResult result = new StepResult(loss.getFloat(), accuracy(z));
        gc.backward(loss);
        return result;
    }

    /**
     * NT-Xent of {@code 2N} projections, view-major (row i and row i + N are the two views of a
     * clip): the mean over rows of the cross-entropy of the positive among the other 2N − 1 rows.
     */
    static NDArray ntXent(NDArray z, double temperature) {
        long n2 = z.getShape().get(0);
        NDManager m = z.getManager();
        NDArray sim = similarities(z, temperature);
        NDArray logProb = sim.logSoftmax(1);
        return logProb.mul(positives(m, n2)).sum().neg().div(n2);
    }

    /** Cosine similarities over the temperature, with each row's own entry pushed to −∞ (−1e9). */
    private static NDArray similarities(NDArray z, double temperature) {
        long n2 = z.getShape().get(0);
        NDArray unit = z.div(z.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f));
        NDArray sim = unit.matMul(unit.transpose()).div((float) temperature);
        return sim.sub(z.getManager().eye((int) n2).mul(1e9f));
    }

    private static NDArray positives(NDManager m, long n2) {
        float[] p = new float[(int) (n2 * n2)];
        long half = n2 / 2;
        for (int i = 0; i < n2; i++) {
            p[(int) (i * n2 + (i + half) % n2)] = 1f;
        }
        return m.create(p, new Shape(n2, n2));
    }

    /** Share of views whose most similar other view is their positive. */
    static float accuracy(NDArray z) {
        long n2 = z.getShape().get(0);
        try (NDManager scope = z.getManager().newSubManager()) {
            NDArray detached = z.stopGradient();
            detached.attach(scope);
            long[] best = similarities(detached, 1).argMax(1).toLongArray();
            int hits = 0;
            for (int i = 0; i < n2; i++) {
                hits += best[i] == (i + n2 / 2) % n2 ? 1 : 0;
            }
            return (float) hits / n2;
        }
    }
}
