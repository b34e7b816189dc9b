package org.hares.embed;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hares.Progress;
import org.hares.data.Clip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds the windows of a list of clips: worker threads read the cache or decode and prepare the
 * windows, the calling thread gathers them into full batches and hands them to N extraction streams
 * (each a thread with a model instance of its own and threads / N of the engine's intra-op threads);
 * finished clips are written to the cache by writer threads (see {@link ExtractionRun}, which runs
 * the splits of a whole evaluation on one set of threads). A window's embedding does not depend on
 * the batch it rides in nor on the stream that runs it. Clips that fail to decode are collected (and
 * fail the split unless skipping was asked for).
 */
public final class EmbeddingExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingExtractor.class);
    /** Models whose streams were clamped, so that the message comes once per model and run. */
    private static final Set<String> CLAMPED = ConcurrentHashMap.newKeySet();

    /**
     * @param batchSize     windows per forward pass
     * @param threads       worker threads for decoding and features
     * @param skipBadAudio  skip undecodable clips instead of failing
     * @param streams       extraction streams (model instances running at once); clamped to what the model runs
     */
    public record Options(int batchSize, int threads, boolean skipBadAudio, int streams) {
        public Options {
            if (batchSize < 1 || threads < 1 || streams < 1) {
                throw new IllegalArgumentException("batch size, threads and streams must be positive, got " + batchSize + ", "
                        + threads + ", " + streams);
            }
        }
    }

    /**
     * The embeddings of a split.
     *
     * @param clips      the clips that were embedded, in input order
     * @param embeddings per clip, windows × D row-major; a mutable list, so that a caller copying them into one
     *                   matrix can drop each as it goes
     * @param windows    per clip, its number of windows
     * @param starts     per clip, the start sample of each window in the clip
     * @param bad        "file: problem" for every clip that failed to decode
     * @param computed   clips embedded by the model in this call (the rest came from the cache)
     */
    public record Result(List<Clip> clips, List<float[]> embeddings, List<Integer> windows, List<long[]> starts, List<String> bad,
            int computed) {}

    private final EmbeddingModel model;
    private final Options options;
    private final StageTimes times;
    /** Test hook: fail after this many clips have been written (simulates a killed run); negative: never. */
    private final int failAfterWrites;

    public EmbeddingExtractor(EmbeddingModel model, Options options, StageTimes times) {
        this(model, options, times, -1);
    }

    EmbeddingExtractor(EmbeddingModel model, Options options, StageTimes times, int failAfterWrites) {
        this.model = model;
        this.options = options;
        this.times = times;
        this.failAfterWrites = failAfterWrites;
    }

    /** The streams {@code model} runs for {@code requested}: fewer where it cannot run that many (said once per model). */
    public static int streams(EmbeddingModel model, int requested) {
        int n = Math.min(requested, model.maxStreams());
        if (n < requested && CLAMPED.add(model.name())) {
            LOG.info("{} runs {} extraction stream(s): --streams {} clamped to {}", model.name(), model.maxStreams(), requested, n);
        }
        return n;
    }

    /**
     * Embeds one split on threads and streams of its own, stopped when it returns.
     *
     * @param label the task and split, as messages name them ({@code esc50:default test})
     */
    public Result extract(String label, List<Clip> clips, ClipWindower windower, EmbeddingCache.Split cache, Progress progress) {
        try (ExtractionRun run = open()) {
            return run.extract(List.of(new ExtractionRun.Job(label, clips, windower, cache, () -> progress, options.skipBadAudio())))
                    .get(0);
        }
    }

    /**
     * The threads and model streams to embed several splits with, one after the other, the streams kept
     * busy across the splits' boundaries; opened once per run, closed when it ends. Its jobs say each
     * whether to skip undecodable clips.
     */
    public ExtractionRun open() {
        return new ExtractionRun(model, options, times, failAfterWrites);
    }
}
