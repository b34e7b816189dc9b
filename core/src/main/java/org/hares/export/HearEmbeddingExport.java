package org.hares.export;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.Pickler;
import org.hares.data.Task;
import org.hares.data.hear.HearLayout;
import org.hares.data.hear.HearMetadata;
import org.hares.data.hear.HearTasks;
import org.hares.io.AtomicFolders;
import org.hares.io.Npy;
import org.hares.io.NpyArray;

/**
 * A task's clip-level embeddings in hear-eval-kit's layout ({@code heareval/embeddings/task_embeddings.py}),
 * so its predictor trains heads on them: {@code OUT/{name}-{version}-{mode}/} (OUT plays the part of
 * {@code embeddings/<model>/}) with copies of the task's metadata and split files, per clip
 * {@code {split}/{file}.embedding.npy} (D,) float32 and {@code {file}.target-labels.json}, per split
 * {@code {split}.embeddings.npy} (raw float32 rows, no header: hear-eval-kit memory-maps it with the shape in
 * {@code {split}.embedding-dimensions.json}), {@code {split}.target-labels.pkl} (the label lists in row order,
 * Python pickle protocol 2) and, last, {@code .done.embeddings}. A clip's embedding is the mean over its
 * evaluation windows (one window for a HEAR task).
 */
public final class HearEmbeddingExport {

    private static final Gson GSON = new Gson();

    private HearEmbeddingExport() {}

    /** Writes the folder, atomically as a whole; returns it. */
    public static Path write(Task task, TaskEmbeddings embeddings, Path outDir) {
        HearLayout layout = HearLayout.of(task);
        boolean hear = task.spec().ref().isHear();
        HearMetadata meta = layout.metadata(hear ? task.spec().trainCropSeconds() : HearTaskExport.longestClipSeconds(task));
        long start = System.nanoTime();
        return AtomicFolders.write(outDir.resolve(meta.folderName()), dir -> {
            if (hear) {
                Files.copy(task.root().resolve(HearMetadata.FILE), dir.resolve(HearMetadata.FILE), StandardCopyOption.COPY_ATTRIBUTES);
                Files.copy(task.root().resolve(HearTasks.VOCABULARY), dir.resolve(HearTasks.VOCABULARY));
            } else {
                meta.write(dir, Map.of("hares_task", task.spec().ref().toString()));
                HearTaskExport.writeVocabulary(dir, layout.vocabulary());
            }
            for (String split : layout.splits()) {
                writeSplit(dir, split, layout, embeddings.embed(task.spec(), split, layout.clips(split)));
            }
            Files.writeString(dir.resolve("profile.embeddings.json"),
                    GSON.toJson(Map.of("time_elapsed", (System.nanoTime() - start) / 1e9, "model", embeddings.model().name())));
            Files.writeString(dir.resolve(".done.embeddings"), "");
        });
    }

    private static void writeSplit(Path dir, String split, HearLayout layout, TaskEmbeddings.Part part) throws IOException {
        Path files = Files.createDirectories(dir.resolve(split));
        int dim = part.dim();
        Map<String, List<String>> splitLabels = new LinkedHashMap<>();
        List<List<String>> rowLabels = new ArrayList<>();
        try (OutputStream rows = Files.newOutputStream(dir.resolve(split + ".embeddings.npy"))) {
            ByteBuffer row = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
            for (int c = 0; c < part.clips().size(); c++) {
                var clip = part.clips().get(c);
                String name = layout.fileName(clip);
                List<String> labels = layout.labelsOf(clip);
                float[] e = part.mean(c);
                Npy.write(files.resolve(name + ".embedding.npy"), NpyArray.ofFloats(e, dim));
                Files.writeString(files.resolve(name + ".target-labels.json"), GSON.toJson(labels));
                row.clear();
                row.asFloatBuffer().put(e);
                rows.write(row.array());
                splitLabels.put(name, labels);
                rowLabels.add(labels);
            }
        }
        Files.writeString(dir.resolve(split + ".json"), GSON.toJson(splitLabels));
        Files.writeString(dir.resolve(split + ".embedding-dimensions.json"), GSON.toJson(List.of(part.clips().size(), dim)));
        try (OutputStream pkl = Files.newOutputStream(dir.resolve(split + ".target-labels.pkl"))) {
            new Pickler(false).dump(rowLabels, pkl);
        }
    }
}
