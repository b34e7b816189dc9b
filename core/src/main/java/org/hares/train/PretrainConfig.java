package org.hares.train;

import java.util.List;
import java.util.Objects;
import org.hares.model.ModelArchitecture;

/**
 * Everything that fixes a pretraining run; written to {@code config.json} before step 1 so that
 * {@code hares pretrain --resume DIR} needs nothing else. Defaults follow the paper (tasks.md §1.3).
 *
 * @param objective        simclr or supervised
 * @param model            architecture id ({@link ModelArchitecture})
 * @param checkpoint       initial weights (Haiku .npz or DJL .params), or null for the seeded initialisation
 * @param tasks            {@code ID[:VARIANT]=DIR} selections whose training split is the data
 * @param audio            a folder or a list file of unlabelled audio (simclr), or null
 * @param steps            optimiser steps
 * @param batchSize        clips per optimiser step (simclr: 2 views each)
 * @param microBatch       views per forward/backward pass; gradient caching (simclr) or accumulation makes up the rest
 * @param learningRate     peak learning rate of Adam
 * @param warmupSteps      linear warm-up from 0 to the peak, then cosine decay to 0 at {@code steps}
 * @param checkpointEvery  steps between checkpoints (and one at the end)
 * @param seed             seed of the initialisation, data order, crops, mixing and stochastic depth
 * @param cropSeconds      random crop length (3 s = 301 frames)
 * @param stochasticDepth  the network's stochastic depth rate (block i drops with rate·i/12)
 * @param mixAlpha         Beta(alpha, beta) of the share of the original when mixing; alpha 0 turns mixing off
 * @param mixBeta          see mixAlpha
 * @param projectorWidth   simclr projector hidden width
 * @param projectorDepth   simclr projector hidden layers
 * @param projectionDim    simclr projector output size
 * @param temperature      NT-Xent temperature
 * @param agcClip          adaptive gradient clipping threshold λ; 0 = off (the paper's choice)
 * @param skipBadAudio     count and list undecodable clips instead of failing
 * @param threads          decoding/feature worker threads
 * @param device           cpu or gpu
 */
public record PretrainConfig(
        Objective objective,
        String model,
        String checkpoint,
        List<String> tasks,
        String audio,
        int steps,
        int batchSize,
        int microBatch,
        double learningRate,
        int warmupSteps,
        int checkpointEvery,
        long seed,
        double cropSeconds,
        double stochasticDepth,
        double mixAlpha,
        double mixBeta,
        int projectorWidth,
        int projectorDepth,
        int projectionDim,
        double temperature,
        double agcClip,
        boolean skipBadAudio,
        int threads,
        String device) {

    public static final double PAPER_LEARNING_RATE = 1e-4;
    public static final int PAPER_WARMUP = 5000;

    public PretrainConfig {
        Objects.requireNonNull(objective, "objective");
        ModelArchitecture.parse(model);
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty() == (audio == null)) {
            throw new IllegalArgumentException("give the training data either as --task ID=DIR or as --audio DIR|LIST (one of them)");
        }
        if (objective == Objective.SUPERVISED && tasks.size() != 1) {
            throw new IllegalArgumentException("supervised pretraining needs exactly one labelled --task, got "
                    + (tasks.isEmpty() ? "--audio" : tasks.size() + " tasks"));
        }
        positive("--steps", steps);
        positive("--batch-size", batchSize);
        positive("--micro-batch", microBatch);
        positive("--checkpoint-every", checkpointEvery);
        positive("--threads", threads);
        if (objective == Objective.SIMCLR && batchSize < 2) {
            throw new IllegalArgumentException("--batch-size must be at least 2 for simclr (the other clips are the negatives), got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be positive, got " + learningRate);
        }
        if (warmupSteps < 0 || warmupSteps > steps) {
            throw new IllegalArgumentException("--warmup-steps must be in [0, steps], got " + warmupSteps);
        }
        if (!(cropSeconds > 0)) {
            throw new IllegalArgumentException("--crop-seconds must be positive, got " + cropSeconds);
        }
        if (mixAlpha < 0 || (mixAlpha > 0 && !(mixBeta > 0))) {
            throw new IllegalArgumentException("--mix must be two positive numbers (or alpha 0 for no mixing), got "
                    + mixAlpha + "," + mixBeta);
        }
        positive("--projector-width", projectorWidth);
        positive("--projection-dim", projectionDim);
        if (projectorDepth < 0) {
            throw new IllegalArgumentException("--projector-depth must be >= 0, got " + projectorDepth);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("--temperature must be positive, got " + temperature);
        }
        if (agcClip < 0) {
            throw new IllegalArgumentException("--agc-clip must be >= 0 (0 = off), got " + agcClip);
        }
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("--device must be cpu or gpu, got " + device);
        }
        new org.hares.model.layer.StochasticDepth(stochasticDepth);
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    /** The paper's warm-up (5,000 steps), shortened to a tenth of a shorter run. */
    public static int defaultWarmup(int steps) {
        return Math.min(PAPER_WARMUP, steps / 10);
    }

    public ModelArchitecture architecture() {
        return ModelArchitecture.parse(model);
    }

    public boolean mixing() {
        return mixAlpha > 0;
    }

    /** Samples of a crop at 16 kHz. */
    public int cropSamples() {
        return (int) Math.round(cropSeconds * 16000);
    }

    public String toJson() {
        return FlatJson.write(FlatJson.of(this));
    }

    public static PretrainConfig fromJson(String json) {
        return FlatJson.to(PretrainConfig.class, FlatJson.read(json));
    }
}
