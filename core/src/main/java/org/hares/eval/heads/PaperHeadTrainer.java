package org.hares.eval.heads;

import org.hares.Progress;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.SplittableRandom;
import org.hares.NativeMemory;

/**
 * Trains the paper's head on frozen embeddings with DJL: a linear layer (or one hidden layer of
 * 512 ReLU units for AudioSet), Adam with linear warm-up and cosine decay, one random cached crop
 * per clip per step (clips drawn epoch by epoch in a seeded shuffled order). Validation is ignored.
 */
public final class PaperHeadTrainer {

    /** Steps between hand-backs of freed native memory (see {@link NativeMemory}). */
    private static final int RELEASE_EVERY = 2000;

    private PaperHeadTrainer() {}

    /**
     * @param hidden   hidden units (0: linear head)
     * @param seed     initialisation, clip order and crop choice
     * @param progress advanced once per step
     */
    public static DenseHead train(EmbeddingSet train, int hidden, PaperSchedule schedule, long seed, Progress progress) {
        int dim = train.dim();
        OutputLayout layout = train.layout();
        int width = layout.width();
        int first = hidden == 0 ? width : hidden;
        SplittableRandom rng = new SplittableRandom(seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(train.x(), new Shape(train.rows(), dim));
            NDArray y = manager.create(train.targets(), new Shape(train.clips(), width));
            NDArray w1 = param(manager, uniform(rng, dim * first, dim), new Shape(dim, first));
            NDArray b1 = param(manager, new float[first], new Shape(first));
            NDArray w2 = hidden == 0 ? null : param(manager, uniform(rng, hidden * width, hidden), new Shape(hidden, width));
            NDArray b2 = hidden == 0 ? null : param(manager, new float[width], new Shape(width));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(schedule.tracker()).build();
            int[] order = permutation(train.clips(), rng);
            int cursor = 0;
            long[] rows = new long[schedule.batchSize()];
            long[] clips = new long[schedule.batchSize()];
            for (int step = 0; step < schedule.steps(); step++) {
                if (step % RELEASE_EVERY == RELEASE_EVERY - 1) {
                    NativeMemory.release();
                }
                for (int i = 0; i < rows.length; i++) {
                    if (cursor == order.length) {
                        order = permutation(train.clips(), rng);
                        cursor = 0;
                    }
                    int clip = order[cursor++];
                    clips[i] = clip;
                    rows[i] = train.firstRow(clip) + rng.nextInt(train.rowCount(clip));
                }
                try (NDManager batch = manager.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    // gathered rows would otherwise belong to x's manager and pile up step after step
                    NDArray in = x.get(new NDIndex("{}", batch.create(rows)));
                    in.attach(batch);
                    NDArray target = y.get(new NDIndex("{}", batch.create(clips)));
                    target.attach(batch);
                    NDArray logits = in.matMul(w1).add(b1);
                    if (hidden > 0) {
                        logits = Activation.relu(logits).matMul(w2).add(b2);
                    }
                    NDArray loss = Outputs.rowLoss(logits, target, layout).mean();
                    collector.backward(loss);
                }
                try (NDManager update = manager.newSubManager()) {
                    update(adam, "w1", w1, update);
                    update(adam, "b1", b1, update);
                    if (hidden > 0) {
                        update(adam, "w2", w2, update);
                        update(adam, "b2", b2, update);
                    }
                }
                progress.advance(1);
            }
            progress.finish();
            return new DenseHead(dim, hidden, w1.toFloatArray(), b1.toFloatArray(),
                    hidden == 0 ? new float[0] : w2.toFloatArray(), hidden == 0 ? new float[0] : b2.toFloatArray(),
                    null, null, layout);
        }
    }

    private static void update(Optimizer adam, String id, NDArray weight, NDManager scope) {
        NDArray gradient = weight.getGradient();
        gradient.attach(scope);
        adam.update(id, weight, gradient);
    }

    private static NDArray param(NDManager manager, float[] values, Shape shape) {
        NDArray a = manager.create(values, shape);
        a.setRequiresGradient(true);
        return a;
    }

    /** PyTorch's default {@code nn.Linear} initialisation: U(−1/√fan_in, 1/√fan_in). */
    private static float[] uniform(SplittableRandom rng, int n, int fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
