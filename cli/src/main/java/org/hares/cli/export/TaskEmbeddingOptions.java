package org.hares.cli.export;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.hares.cli.EmbeddingRunOptions;
import org.hares.cli.TaskSelectionOptions;
import org.hares.data.DatasetSelection;
import org.hares.data.Task;
import org.hares.embed.EmbeddingModel;
import org.hares.eval.TaskSource;
import org.hares.export.HearEmbeddingExport;
import org.hares.export.NpzExport;
import org.hares.export.TaskEmbeddings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code hares embed} takes to export whole tasks instead of files: the task selection and
 * {@code --format npz|hear}. The task's evaluation windows are embedded as {@code hares eval} embeds them
 * (same cache).
 */
public final class TaskEmbeddingOptions {

    /** Output layouts of task embeddings. */
    public enum Format { npz, hear }

    @Mixin
    TaskSelectionOptions selection;

    @Option(names = "--format", defaultValue = "npz", paramLabel = "npz|hear",
            description = "With --task: npz (default) writes OUT/<id>-<variant>/<split>.npz (keys X, y, label, clip_id, file, "
                    + "window_start, fold, label_names; see README); hear writes hear-eval-kit's embedding layout "
                    + "OUT/{name}-{version}-{mode}/ (one clip-level embedding per clip).")
    Format format;

    @Mixin
    EmbeddingRunOptions.Cache cache;

    /** Whether tasks were selected (then input files are not expected). */
    public boolean given() {
        return selection.given();
    }

    /**
     * Embeds every selected task into {@code out} and prints each folder written.
     *
     * @param streams extraction streams
     * @param pool    one row per clip (the mean of its windows) in npz files
     */
    public int run(EmbeddingModel model, Path out, int batchSize, int streams, boolean pool, PrintWriter stdout, PrintWriter err) {
        TaskEmbeddings embeddings = new TaskEmbeddings(model, new TaskEmbeddings.Settings(
                cache.root(),
                batchSize, Runtime.getRuntime().availableProcessors(), selection.skipBadAudio(), streams), err);
        for (DatasetSelection s : selection.selections()) {
            Task task = TaskSource.of(s).loader().get();
            Path folder = switch (format) {
                case npz -> NpzExport.write(task, embeddings, out, pool);
                case hear -> HearEmbeddingExport.write(task, embeddings, out);
            };
            stdout.println(folder);
        }
        stdout.flush();
        return 0;
    }
}
