package org.hares.cli;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.hares.embed.EmbeddingCache;
import org.hares.eval.EvalConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that embed task splits into the cache ({@code eval}, {@code demo}):
 * {@code --cache}, {@code --batch-size}, {@code --threads}, {@code --streams}, {@code --limit}. Each is also a mixin of its own
 * (nested below), so the other commands that take one of them ({@code embed}, {@code pretrain},
 * {@code spark embed}) declare it once, with the same help.
 */
public final class EmbeddingRunOptions {

    @Mixin
    Cache cache;

    @Mixin
    BatchSize batch;

    @Mixin
    Threads threads;

    @Mixin
    Streams streams;

    @Mixin
    Limit limit;

    /** {@code config} with these options' cache and extraction settings. */
    EvalConfig applyTo(EvalConfig config, boolean skipBadAudio, int trainCrops) {
        return config.withCache(cache.root())
                .withExtraction(batch.value(), threads.orElse(Runtime.getRuntime().availableProcessors()), limit.value(),
                        skipBadAudio, trainCrops)
                .withStreams(streams.value());
    }

    /** {@code --cache DIR}: the embedding cache {@code hares eval} reads and writes. */
    public static final class Cache {

        @Option(names = "--cache", paramLabel = "DIR",
                description = "Embedding cache (default: $HARES_CACHE, else ~/.cache/hares/embeddings); a second run reuses it.")
        Path dir;

        public Path root() {
            return dir != null ? dir : EmbeddingCache.defaultRoot();
        }
    }

    /** {@code --batch-size N}: windows per forward pass. */
    public static final class BatchSize {

        @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
        int value;

        /** The batch size; refused unless positive. */
        public int value() {
            if (value < 1) {
                throw new IllegalArgumentException("--batch-size must be >= 1, got " + value);
            }
            return value;
        }
    }

    /** {@code --threads N}: decoding and feature threads. */
    public static final class Threads {

        @Option(names = "--threads", paramLabel = "N",
                description = "Decoding and feature threads (default: the number of cores; on Spark executors the cores of one task slot).")
        Integer value;

        /** The threads given, else {@code cores}; refused unless positive. */
        public int orElse(int cores) {
            if (value != null && value < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + value);
            }
            return value != null ? value : cores;
        }
    }

    /** {@code --streams N}: extraction streams, model instances running at once (see EmbeddingExtractor). */
    public static final class Streams {

        @Option(names = "--streams", paramLabel = "N",
                description = "Extraction streams: N model instances running forward passes at once, each with 1/N of "
                        + "libtorch's intra-op threads (default: the cores); the same embeddings whatever N, memory grows "
                        + "with N. NFNet models and torchscript: an instance per stream; logmel-stats: any N; onnx: clamped "
                        + "to 1 (ONNX Runtime has its own thread pool). embed gives each stream whole files. "
                        + "Default: 2 (1 on a one-core machine), the faster on the machines measured.")
        Integer value;

        /** The streams; refused unless positive. */
        public int value() {
            if (value == null) {
                return org.hares.eval.EvalConfig.defaultStreams();
            }
            if (value < 1) {
                throw new IllegalArgumentException("--streams must be >= 1, got " + value);
            }
            return value;
        }
    }

    /** {@code --limit N}: the first N clips of each split (of each fold). */
    public static final class Limit {

        @Option(names = "--limit", paramLabel = "N",
                description = "Use only the first N clips of each split (of each fold; a quick look, not comparable).")
        Integer value;

        /** The limit, if given; refused unless positive. */
        public OptionalInt value() {
            if (value != null && value < 1) {
                throw new IllegalArgumentException("--limit must be >= 1, got " + value);
            }
            return value == null ? OptionalInt.empty() : OptionalInt.of(value);
        }
    }

    /** {@code --head-seed}, {@code --train-crops}: the seeded pool of training crops embedded per clip. */
    public static final class CropPool {

        @Option(names = "--head-seed", defaultValue = "0", paramLabel = "N",
                description = "First head seed, also the seed of the training-crop pool: the same seed gives the same crops "
                        + "in eval and spark embed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--train-crops", defaultValue = "" + EvalConfig.DEFAULT_TRAIN_CROPS, paramLabel = "K",
                description = "Random training crops embedded per clip, drawn from by the paper-protocol heads (default: ${DEFAULT-VALUE}).")
        int trainCrops;

        public long seed() {
            return seed;
        }

        /** Crops per clip; refused unless positive. */
        public int trainCrops() {
            if (trainCrops < 1) {
                throw new IllegalArgumentException("--train-crops must be >= 1, got " + trainCrops);
            }
            return trainCrops;
        }
    }
}
