package org.hares.eval.heads;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/**
 * The paper's downstream schedule (App. A): Adam, learning rate rising linearly from 0 to the
 * peak over the warm-up, then cosine decay to 0 at the last step.
 *
 * @param steps        optimiser steps
 * @param batchSize    clips per step (each contributes one random cached crop)
 * @param peakRate     peak learning rate (paper: 2e-4)
 * @param warmupSteps  warm-up length (paper: 5,000 of 400,000)
 */
public record PaperSchedule(int steps, int batchSize, float peakRate, int warmupSteps) {

    public static final float PAPER_PEAK_RATE = 2e-4f;
    public static final int PAPER_WARMUP_STEPS = 5000;

    public PaperSchedule {
        if (steps < 1 || batchSize < 1 || !(peakRate > 0) || warmupSteps < 0 || warmupSteps >= steps) {
            throw new IllegalArgumentException("bad schedule: steps " + steps + ", batch " + batchSize
                    + ", peak rate " + peakRate + ", warm-up " + warmupSteps + " (need 0 <= warm-up < steps)");
        }
    }

    /** The paper's peak rate and a 5,000-step warm-up, shortened to a tenth of the steps for short runs. */
    public static PaperSchedule of(int steps, int batchSize) {
        return new PaperSchedule(steps, batchSize, PAPER_PEAK_RATE, Math.min(PAPER_WARMUP_STEPS, steps / 10));
    }

    /** DJL tracker of the learning rate by update count. */
    public Tracker tracker() {
        Tracker cosine = CosineTracker.builder().setBaseValue(peakRate).optFinalValue(0).setMaxUpdates(steps - warmupSteps).build();
        return warmupSteps == 0 ? cosine
                : WarmUpTracker.builder().setMainTracker(cosine).optWarmUpSteps(warmupSteps).optWarmUpBeginValue(0).build();
    }
}
