package org.hares.data.hares;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.LoadedTask;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;

/** The registry of the 12 HARES tasks (ids and variants of tasks.md decision 7), in the paper's order. */
public final class HaresTasks {

    private static final Map<String, TaskLoader> LOADERS = new LinkedHashMap<>();

    /** The paper's default downstream schedule (App. A), steps and batch size, for tasks outside the suite too. */
    public static final int PAPER_STEPS = Protocol.STEPS;
    public static final int PAPER_BATCH = Protocol.BATCH;

    static {
        for (TaskLoader l : List.of(
                new AudioSetLoader(), new BirdsongLoader(), new Tut18Loader(), new Esc50Loader(),
                SpeechCommandsLoader.v1(), SpeechCommandsLoader.v2(), new FluentSpeechCommandsLoader(),
                new VoxForgeLoader(), new VoxCelebLoader(), NSynthLoader.instrument(), NSynthLoader.pitch(),
                new MagnaTagATuneLoader())) {
            LOADERS.put(l.id(), l);
        }
    }

    private HaresTasks() {
    }

    /** Whether a file name has one of the audio extensions the dataset scans recognise (wav, flac, mp3, ...). */
    public static boolean isAudioFile(java.nio.file.Path file) {
        return FileIndex.isAudio(file.getFileName().toString());
    }

    /** The 12 task ids in the paper's order (Table 1; tasks.md decision 7). */
    public static List<String> ids() {
        return List.copyOf(LOADERS.keySet());
    }

    /** The 12 default-variant specs, in the paper's order. */
    public static List<TaskSpec> specs() {
        return LOADERS.values().stream().map(l -> l.spec(l.defaultVariant())).toList();
    }

    /** The spec of a task variant; "default" resolves to the task's default variant (without a split file). */
    public static TaskSpec spec(TaskRef ref) {
        TaskLoader l = loader(ref.id());
        return l.spec(resolveVariant(l, ref, false));
    }

    /** Every accepted variant name of a task ("default" included where it is a construction of its own). */
    public static List<String> variants(String id) {
        return loader(id).variants();
    }

    /** The expected on-disk layout of a task, as shown by {@code hares tasks}. */
    public static String layout(String id) {
        return loader(id).layout();
    }

    /** Official clip counts per split of a task variant, where tasks.md gives them; empty otherwise. */
    public static Map<Split, Integer> officialCounts(TaskRef ref) {
        TaskLoader l = loader(ref.id());
        return l.officialCounts(resolveVariant(l, ref, false));
    }

    /** Whether a task takes a user split file ({@code --split-file}). */
    public static boolean acceptsSplitFile(String id) {
        return loader(id).acceptsSplitFile();
    }

    /**
     * Reads a dataset; listed-but-absent audio is recorded in the report, not thrown (metadata
     * errors still throw). {@code hares check} uses this to list every problem at once.
     */
    public static LoadedTask inspect(DatasetSelection selection) {
        TaskLoader l = loader(selection.ref().id());
        if (selection.splitFile().isPresent() && !l.acceptsSplitFile()) {
            throw new IllegalArgumentException("task '" + l.id() + "' takes no split file (only "
                    + LOADERS.values().stream().filter(TaskLoader::acceptsSplitFile).map(TaskLoader::id).toList()
                    + " do), got " + selection.splitFile().get());
        }
        String variant = resolveVariant(l, selection.ref(), selection.splitFile().isPresent());
        if (!Files.isDirectory(selection.root())) {
            throw new DatasetLayoutException(selection.root(), "dataset root of " + l.id() + " is not a folder");
        }
        Scan scan = new Scan(selection.root(), selection.skipBadFiles());
        return l.load(selection, l.spec(variant), scan);
    }

    /**
     * Reads a dataset for evaluation: like {@link #inspect}, but listed-but-absent audio is a
     * {@link DatasetLayoutException} unless the selection asks to skip (then counted and logged).
     */
    public static Task load(DatasetSelection selection) {
        LoadedTask task = inspect(selection);
        task.report().requireAudio(task.spec().ref(), selection.root());
        return task;
    }

    private static TaskLoader loader(String id) {
        TaskLoader l = LOADERS.get(id);
        if (l == null) {
            throw new IllegalArgumentException("unknown task id '" + id + "' (valid: " + String.join(", ", LOADERS.keySet()) + ")");
        }
        return l;
    }

    private static String resolveVariant(TaskLoader l, TaskRef ref, boolean hasSplitFile) {
        String v = ref.variant();
        if (v.equals(TaskRef.DEFAULT_VARIANT)) {
            return l.acceptsSplitFile() && hasSplitFile ? TaskRef.DEFAULT_VARIANT : l.defaultVariant();
        }
        if (!l.variants().contains(v)) {
            List<String> valid = new ArrayList<>(l.variants());
            throw new IllegalArgumentException("unknown variant '" + v + "' of task '" + l.id() + "' (valid: "
                    + String.join(", ", valid) + "; default: " + l.defaultVariant() + ")");
        }
        if (hasSplitFile && !v.equals(TaskRef.DEFAULT_VARIANT)) {
            throw new IllegalArgumentException("variant '" + l.id() + ":" + v
                    + "' is a fallback split; it cannot be combined with a split file (use '" + l.id() + "' alone)");
        }
        return v;
    }

    /** The 12 HARES task ids with their domains, in the paper's order. */
    public static Map<String, Domain> suite() {
        Map<String, Domain> suite = new LinkedHashMap<>();
        for (TaskSpec s : HaresTasks.specs()) {
            suite.put(s.id(), s.domain());
        }
        return java.util.Collections.unmodifiableMap(suite);
    }

}
