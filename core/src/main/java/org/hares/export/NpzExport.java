package org.hares.export;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.data.Clip;
import org.hares.data.LabelSpace;
import org.hares.data.Labels;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskSpec;
import org.hares.data.hear.HearLayout;
import org.hares.io.AtomicFolders;
import org.hares.io.NpyArray;
import org.hares.io.NpyDtype;
import org.hares.io.Npz;

/**
 * A task's embeddings for scikit-learn or pandas users: one {@code .npz} per split in
 * {@code OUT/<id>-<variant>/}, one row per evaluation window (or per clip when pooled). Keys:
 * {@code X} float32 (rows, D); {@code y} the class index (int64, (rows,)), or multi-hot uint8 (rows, C)
 * for multi-label tasks, or one index per slot int64 (rows, S) for Fluent Speech Commands; {@code label}
 * the label names ({@code ;} between several, {@code |} between slots); {@code clip_id}; {@code file}
 * relative to the task root; {@code window_start} seconds into the clip; {@code fold} (0 without folds);
 * {@code label_names} (C,) in class-index order ({@code label_names_<slot>} per slot).
 */
public final class NpzExport {

    private NpzExport() {}

    /**
     * Writes the task's splits into a folder under {@code outDir}, atomically as a whole; returns the folder.
     *
     * @param pool one row per clip (the mean over its windows) instead of one per window
     */
    public static Path write(Task task, TaskEmbeddings embeddings, Path outDir, boolean pool) {
        TaskSpec spec = task.spec();
        String name = (spec.id() + "-" + spec.ref().variant()).replaceAll("[^A-Za-z0-9._-]", "_");
        return AtomicFolders.write(outDir.resolve(name), dir -> {
            for (Split split : Split.values()) {
                List<Clip> clips = task.clips(split);
                if (!clips.isEmpty()) {
                    TaskEmbeddings.Part part = embeddings.embed(spec, split.id(), clips);
                    writeSplit(dir.resolve(split.id() + ".npz"), task, part, pool);
                }
            }
        });
    }

    private static void writeSplit(Path file, Task task, TaskEmbeddings.Part part, boolean pool) {
        TaskSpec spec = task.spec();
        int dim = part.dim();
        int rows = pool ? part.clips().size() : part.rows();
        float[] x = new float[rows * dim];
        int slots = spec.labelSpaces().size();
        int classes = spec.classes().size();
        long[] y = new long[spec.multiLabel() ? 0 : rows * slots];
        byte[] multiHot = new byte[spec.multiLabel() ? rows * classes : 0];
        double[] starts = new double[rows];
        int[] folds = new int[rows];
        List<String> clipIds = new ArrayList<>(rows);
        List<String> files = new ArrayList<>(rows);
        List<String> labels = new ArrayList<>(rows);
        int row = 0;
        for (int c = 0; c < part.clips().size(); c++) {
            Clip clip = part.clips().get(c);
            float[] e = pool ? part.mean(c) : part.embeddings().get(c);
            long[] s = pool ? new long[] {0} : part.starts().get(c);
            String relative = task.root().toAbsolutePath().relativize(clip.file().toAbsolutePath()).toString();
            for (int w = 0; w < s.length; w++, row++) {
                System.arraycopy(e, w * dim, x, row * dim, dim);
                starts[row] = (double) s[w] / part.sampleRate();
                folds[row] = clip.fold();
                clipIds.add(clip.id());
                files.add(relative);
                labels.add(String.join(";", HearLayout.labelNames(spec, clip.labels())));
                targets(clip.labels(), y, multiHot, row, slots, classes);
            }
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("X", NpyArray.ofFloats(x, rows, dim));
        arrays.put("y", spec.multiLabel() ? new NpyArray(NpyDtype.UINT8, new long[] {rows, classes}, ByteBuffer.wrap(multiHot))
                : slots > 1 ? NpyArray.ofLongs(y, rows, slots) : NpyArray.ofLongs(y, rows));
        arrays.put("window_start", NpyArray.ofDoubles(starts, rows));
        arrays.put("fold", NpyArray.ofInts(folds, rows));
        Map<String, List<String>> strings = new LinkedHashMap<>();
        strings.put("clip_id", clipIds);
        strings.put("file", files);
        strings.put("label", labels);
        if (slots == 1) {
            strings.put("label_names", spec.classes().classes());
        } else {
            for (LabelSpace space : spec.labelSpaces()) {
                strings.put("label_names_" + space.name(), space.classes());
            }
        }
        Npz.write(file, arrays, strings);
    }

    private static void targets(Labels labels, long[] y, byte[] multiHot, int row, int slots, int classes) {
        if (labels instanceof Labels.Single s) {
            y[row] = s.index();
        } else if (labels instanceof Labels.Multi m) {
            for (int k : m.indices()) {
                multiHot[row * classes + k] = 1;
            }
        } else {
            int[] idx = ((Labels.Slots) labels).indices();
            for (int g = 0; g < slots; g++) {
                y[row * slots + g] = idx[g];
            }
        }
    }
}
