package org.hares.train;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/**
 * The paper's schedule (App. C) with DJL's trackers: linear warm-up from 0 to the peak over the
 * warm-up steps, then cosine decay to 0 at the last step. Update {@code k} (1-based) uses
 * {@code rate(k)}, so the first update is not wasted at 0.
 */
final class LearningRateSchedule {

    private final Tracker tracker;

    LearningRateSchedule(float peak, int warmupSteps, int steps) {
        Tracker cosine = CosineTracker.builder().setBaseValue(peak).optFinalValue(0f)
                .setMaxUpdates(Math.max(1, steps - warmupSteps)).build();
        this.tracker = warmupSteps == 0 ? cosine
                : WarmUpTracker.builder().optWarmUpSteps(warmupSteps).optWarmUpBeginValue(0f).setMainTracker(cosine).build();
    }

    /** Learning rate of update {@code k}, 1-based. */
    float rate(int k) {
        return tracker.getNewValue(k);
    }
}
