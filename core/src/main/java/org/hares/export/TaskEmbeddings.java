package org.hares.export;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.hares.Progress;
import org.hares.data.Clip;
import org.hares.data.Task;
import org.hares.data.TaskSpec;
import org.hares.embed.AudioWindower;
import org.hares.embed.EmbeddingCache;
import org.hares.embed.EmbeddingExtractor;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.StageTimes;

/**
 * Embeds a task's clips in its evaluation windows exactly as {@code hares eval} does: the same windows,
 * extraction and cache folders, so exporting after (or before) an evaluation reuses its embeddings.
 */
public final class TaskEmbeddings {

    /**
     * @param cacheRoot    embedding cache folder
     * @param batchSize    windows per forward pass
     * @param threads      decoding and feature threads
     * @param skipBadAudio skip clips that fail to decode (listed in {@link Part#bad()}) instead of failing
     * @param streams      extraction streams (see {@link EmbeddingExtractor})
     */
    public record Settings(Path cacheRoot, int batchSize, int threads, boolean skipBadAudio, int streams) {
        public Settings {
            Objects.requireNonNull(cacheRoot, "cacheRoot");
        }
    }

    /**
     * The embeddings of some clips.
     *
     * @param clips      the clips embedded, in input order (undecodable ones left out when skipping)
     * @param embeddings per clip, its windows × D values, row-major
     * @param starts     per clip, the start sample of each window
     * @param sampleRate the model's sample rate (of the start samples)
     * @param dim        embedding size D
     * @param bad        "file: problem" of every clip skipped
     */
    public record Part(List<Clip> clips, List<float[]> embeddings, List<long[]> starts, int sampleRate, int dim, List<String> bad) {

        /** Total windows over all clips. */
        public int rows() {
            return embeddings.stream().mapToInt(e -> e.length / dim).sum();
        }

        /** The mean over a clip's windows: its one clip-level (scene) embedding. */
        public float[] mean(int clip) {
            float[] e = embeddings.get(clip);
            int windows = e.length / dim;
            float[] m = new float[dim];
            for (int w = 0; w < windows; w++) {
                for (int j = 0; j < dim; j++) {
                    m[j] += e[w * dim + j];
                }
            }
            for (int j = 0; j < dim; j++) {
                m[j] /= windows;
            }
            return m;
        }
    }

    private final EmbeddingModel model;
    private final Settings settings;
    private final PrintWriter progressOut;
    private final StageTimes times = new StageTimes();

    /** @param progressOut where progress lines go (stderr in the CLI); null for none */
    public TaskEmbeddings(EmbeddingModel model, Settings settings, PrintWriter progressOut) {
        this.model = model;
        this.settings = settings;
        this.progressOut = progressOut;
    }

    public EmbeddingModel model() {
        return model;
    }

    /** Embeds {@code clips} of the task in its evaluation windows; {@code label} names them in progress lines. */
    public Part embed(Task task, String label, List<Clip> clips) {
        TaskSpec spec = task.spec();
        AudioWindower windower = new AudioWindower(spec, AudioWindower.Role.EVAL, model.sampleRate(), 1, 0);
        EmbeddingCache.Split cache = new EmbeddingCache(settings.cacheRoot()).forWindows(model, spec, windower, task.root(), label);
        EmbeddingExtractor extractor = new EmbeddingExtractor(model,
                new EmbeddingExtractor.Options(settings.batchSize(), settings.threads(), settings.skipBadAudio(),
                        settings.streams()), times);
        Progress progress = new Progress(progressOut, "embed " + spec.ref() + " " + label, clips.size(), "clips");
        EmbeddingExtractor.Result r = extractor.extract(spec.ref() + " " + label, clips, windower, cache, progress);
        return new Part(r.clips(), r.embeddings(), r.starts(), model.sampleRate(), model.embeddingSize(), r.bad());
    }
}
