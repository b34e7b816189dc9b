package org.hares.cli;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.hares.embed.EmbeddingCache;
import org.hares.eval.EvalConfig;
import picocli.CommandLine.Option;

/**
 * The options of the commands that embed task splits into the cache: {@code --cache}, {@code --batch-size},
 * {@code --threads}, {@code --streams}, {@code --limit}.
 */
public final class EmbeddingRunOptions {

    /** The help of {@code --streams}, wherever the network embeds. */
    public static final String STREAMS_HELP = "Extraction streams: N model instances running forward passes at once, each "
            + "with 1/N of libtorch's intra-op threads (default: the cores); the same embeddings whatever N, memory grows "
            + "with N. NFNet models and torchscript: an instance per stream; logmel-stats: any N; onnx: clamped to 1 "
            + "(ONNX Runtime has its own thread pool). Default: ${DEFAULT-VALUE}.";

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Embedding cache (default: $HARES_CACHE, else ~/.cache/hares/embeddings); a second run reuses it.")
    Path cache;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Decoding and feature threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--streams", defaultValue = "1", paramLabel = "N", description = STREAMS_HELP)
    int streams;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N clips of each split (a quick look; not comparable).")
    Integer limit;

    /** {@code config} with these options' cache and extraction settings. */
    EvalConfig applyTo(EvalConfig config, boolean skipBadAudio, int trainCrops) {
        return config.withCache(cache != null ? cache : EmbeddingCache.defaultRoot())
                .withExtraction(batchSize, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                        limit == null ? OptionalInt.empty() : OptionalInt.of(limit), skipBadAudio, trainCrops)
                .withStreams(streams);
    }
}
