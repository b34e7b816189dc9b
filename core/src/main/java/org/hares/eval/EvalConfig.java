package org.hares.eval;

import org.hares.embed.EmbeddingCache;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.hares.frontend.FrontendConfig;

/**
 * Settings of an evaluation run.
 *
 * @param protocol           paper or fast
 * @param seeds              head trainings per task (different seeds); the score is their mean, with the std
 * @param seed               first head seed; also the seed of the training-crop pool
 * @param cacheRoot          embedding cache folder
 * @param batchSize          windows per forward pass
 * @param threads            decoding and feature threads
 * @param streams            extraction streams: model instances running at once, sharing the engine's intra-op threads
 * @param limit              use only the first N clips of each split (of each fold where the task has folds; a quick look, not comparable)
 * @param skipBadAudio       skip clips that fail to decode (they are listed) instead of failing
 * @param trainCrops         random training crops cached per clip, the pool a paper-protocol head draws from
 * @param steps              override of every task's paper-protocol steps
 * @param headBatchSize      override of every task's paper-protocol batch size
 * @param fastC              the fast protocol's grid of inverse L2 strengths (scikit-learn's C)
 * @param fastMaxIterations  L-BFGS iteration cap per fit of the fast protocol
 * @param frontend           the log-mel front end
 */
public record EvalConfig(
        EvalProtocol protocol,
        int seeds,
        long seed,
        Path cacheRoot,
        int batchSize,
        int threads,
        int streams,
        OptionalInt limit,
        boolean skipBadAudio,
        int trainCrops,
        OptionalInt steps,
        OptionalInt headBatchSize,
        List<Double> fastC,
        int fastMaxIterations,
        FrontendConfig frontend) {

    /** Default size of the training-crop pool per clip. */
    public static final int DEFAULT_TRAIN_CROPS = 8;
    /** Default C grid of the fast protocol (features standardised). */
    public static final List<Double> DEFAULT_FAST_C = List.of(1e-3, 1e-2, 1e-1, 1.0);
    public static final int DEFAULT_FAST_MAX_ITERATIONS = 100;

    public EvalConfig {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(headBatchSize, "headBatchSize");
        Objects.requireNonNull(frontend, "frontend");
        fastC = List.copyOf(fastC);
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        if (batchSize < 1 || threads < 1 || trainCrops < 1 || fastMaxIterations < 1) {
            throw new IllegalArgumentException("batch size, threads, train crops and iterations must be positive, got "
                    + batchSize + ", " + threads + ", " + trainCrops + ", " + fastMaxIterations);
        }
        if (streams < 1) {
            throw new IllegalArgumentException("--streams must be >= 1, got " + streams);
        }
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw new IllegalArgumentException("--limit must be >= 1, got " + limit.getAsInt());
        }
        if (steps.isPresent() && steps.getAsInt() < 1 || headBatchSize.isPresent() && headBatchSize.getAsInt() < 1) {
            throw new IllegalArgumentException("head steps and batch size must be positive");
        }
        if (fastC.isEmpty() || fastC.stream().anyMatch(c -> !(c > 0))) {
            throw new IllegalArgumentException("the fast protocol's C grid must be positive values, got " + fastC);
        }
    }

    /**
     * Two extraction streams (one on a one-core machine): on a 2-core AMD EPYC, two model instances
     * with one intra-op thread each ran Slowfast NFNet-F0 1.45× (batch 32) and 1.66× (batch 1) as
     * fast as one with two threads (README, "Speed and memory").
     */
    public static int defaultStreams() {
        return Math.min(2, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Paper protocol, one seed, default cache, batch 32, a feature thread per core, {@link #defaultStreams()} streams. */
    public static EvalConfig defaults() {
        return new EvalConfig(EvalProtocol.PAPER, 1, 0, EmbeddingCache.defaultRoot(), 32,
                Math.max(1, Runtime.getRuntime().availableProcessors()), defaultStreams(), OptionalInt.empty(), false, DEFAULT_TRAIN_CROPS,
                OptionalInt.empty(), OptionalInt.empty(), DEFAULT_FAST_C, DEFAULT_FAST_MAX_ITERATIONS, FrontendConfig.DEFAULT);
    }

    public EvalConfig withProtocol(EvalProtocol p) {
        return new EvalConfig(p, seeds, seed, cacheRoot, batchSize, threads, streams, limit, skipBadAudio, trainCrops, steps,
                headBatchSize, fastC, fastMaxIterations, frontend);
    }

    public EvalConfig withCache(Path root) {
        return new EvalConfig(protocol, seeds, seed, root, batchSize, threads, streams, limit, skipBadAudio, trainCrops, steps,
                headBatchSize, fastC, fastMaxIterations, frontend);
    }

    public EvalConfig withSeeds(int n, long first) {
        return new EvalConfig(protocol, n, first, cacheRoot, batchSize, threads, streams, limit, skipBadAudio, trainCrops, steps,
                headBatchSize, fastC, fastMaxIterations, frontend);
    }

    public EvalConfig withSchedule(OptionalInt newSteps, OptionalInt newBatch) {
        return new EvalConfig(protocol, seeds, seed, cacheRoot, batchSize, threads, streams, limit, skipBadAudio, trainCrops,
                newSteps, newBatch, fastC, fastMaxIterations, frontend);
    }

    public EvalConfig withFast(List<Double> cGrid, int maxIterations) {
        return new EvalConfig(protocol, seeds, seed, cacheRoot, batchSize, threads, streams, limit, skipBadAudio, trainCrops,
                steps, headBatchSize, cGrid, maxIterations, frontend);
    }

    public EvalConfig withExtraction(int newBatchSize, int newThreads, OptionalInt newLimit, boolean skip, int crops) {
        return new EvalConfig(protocol, seeds, seed, cacheRoot, newBatchSize, newThreads, streams, newLimit, skip, crops, steps,
                headBatchSize, fastC, fastMaxIterations, frontend);
    }

    public EvalConfig withStreams(int n) {
        return new EvalConfig(protocol, seeds, seed, cacheRoot, batchSize, threads, n, limit, skipBadAudio, trainCrops, steps,
                headBatchSize, fastC, fastMaxIterations, frontend);
    }
}
