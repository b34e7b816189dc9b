package org.hares.cli;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.hares.embed.EmbeddingCache;
import org.hares.eval.EvalConfig;
import picocli.CommandLine.Option;

/** The options of the commands that embed task splits into the cache: {@code --cache}, {@code --batch-size}, {@code --threads}, {@code --limit}. */
public final class EmbeddingRunOptions {

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Embedding cache (default: $HARES_CACHE, else ~/.cache/hares/embeddings); a second run reuses it.")
    Path cache;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Decoding and feature threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N clips of each split (a quick look; not comparable).")
    Integer limit;

    /** {@code config} with these options' cache and extraction settings. */
    EvalConfig applyTo(EvalConfig config, boolean skipBadAudio, int trainCrops) {
        return config.withCache(cache != null ? cache : EmbeddingCache.defaultRoot())
                .withExtraction(batchSize, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                        limit == null ? OptionalInt.empty() : OptionalInt.of(limit), skipBadAudio, trainCrops);
    }
}
