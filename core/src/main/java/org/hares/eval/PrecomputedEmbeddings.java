package org.hares.eval;

import java.util.List;
import org.hares.data.Clip;
import org.hares.data.TaskSpec;
import org.hares.embed.AudioWindower;
import org.hares.embed.EmbeddingExtractor;

/**
 * Embeddings computed elsewhere (the Spark job's Parquet files), handed to an {@link Evaluator}
 * through {@link Evaluator#withPrecomputed} so that it trains and scores without touching audio.
 */
@FunctionalInterface
public interface PrecomputedEmbeddings {

    /**
     * The embeddings of one split, as {@link EmbeddingExtractor#extract} would return them: the embedded clips in
     * the order of {@code clips}, and the clips that failed to decode listed in {@link EmbeddingExtractor.Result#bad()}.
     *
     * @param splitName train, valid, test, or all (tasks with folds)
     * @param role      the windows the evaluation needs: the task's evaluation windows or the training-crop pool
     */
    EmbeddingExtractor.Result split(TaskSpec spec, String splitName, List<Clip> clips, AudioWindower.Role role);
}
