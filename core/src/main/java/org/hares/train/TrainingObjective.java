package org.hares.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Computes a batch's loss and leaves the gradient of the batch-mean loss in every parameter. */
interface TrainingObjective {

    /** Loss of the step and, for SimCLR, the contrastive top-1 accuracy (NaN otherwise). */
    record StepResult(float loss, float accuracy) {}

    /** Accumulates the gradient of the batch's mean loss into the (zeroed) parameter gradients. */
    StepResult gradients(TrainingModel model, Batch batch, int microBatch, long seed);

    /** The {@code [from, to)} examples of a batch as a {@code (n, frames, mels, 1)} input. */
    static NDArray input(NDManager manager, Batch batch, int from, int to) {
        int size = batch.exampleSize();
        float[] x = new float[(to - from) * size];
        System.arraycopy(batch.features(), from * size, x, 0, x.length);
        return manager.create(x, new Shape(to - from, batch.frames(), batch.mels(), 1));
    }

    /**
     * Seeds the engine's generator (stochastic depth) for a chunk of a step, so that a chunk's
     * forward passes draw the same masks however often they are repeated, and a resumed run the
     * same as an uninterrupted one.
     */
    static void seedChunk(long seed, int step, int chunk) {
        long h = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + chunk * 0x94D049BB133111EBL;
        Engine.getInstance().setRandomSeed((int) (h ^ (h >>> 32)) & Integer.MAX_VALUE);
    }
}
