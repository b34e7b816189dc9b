package org.hares.data.hear;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.hares.data.Clip;
import org.hares.data.LabelSpace;
import org.hares.data.Labels;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskSpec;

/**
 * How any task (HARES or HEAR) is laid out as a HEAR scene task: its split names, each clip's file name
 * and label strings, and the vocabulary. {@code hares export hear} writes audio by it and
 * {@code hares embed --format hear} names embeddings by it, so the two always agree.
 *
 * @param task       the task
 * @param vocabulary label strings, in {@code labelvocabulary.csv} order (for single- and multi-label tasks our
 *                   class order, so class indices survive a round trip; for slot tasks the sorted joint labels)
 * @param splits     HEAR split names in order ({@code train, valid, test} as present, or {@code fold00...})
 * @param fileNames  clip id to its file name under {@code {sample rate}/{split}/}
 */
public record HearLayout(Task task, List<String> vocabulary, List<String> splits, Map<String, String> fileNames) {

    /** Joins the slots of a slot task (Fluent Speech Commands) into one multiclass label. */
    public static final String SLOT_SEPARATOR = "|";

    public static HearLayout of(Task task) {
        TaskSpec spec = task.spec();
        List<String> vocabulary;
        if (spec.labelSpaces().size() == 1) {
            vocabulary = spec.classes().classes();
        } else {
            TreeSet<String> joint = new TreeSet<>();
            task.clips().forEach(c -> joint.addAll(labelNames(spec, c.labels())));
            vocabulary = List.copyOf(joint);
        }
        List<String> splits;
        if (task.folds() > 0) {
            splits = IntStream.range(0, task.folds()).mapToObj(HearLayout::foldName).toList();
        } else {
            splits = new ArrayList<>();
            for (Split s : Split.values()) {
                if (task.clips().stream().anyMatch(c -> c.split() == s)) {
                    splits.add(s.id());
                }
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Set<String>> used = new LinkedHashMap<>();
        boolean hear = spec.ref().isHear();
        for (Clip c : task.clips()) {
            String base = hear ? c.file().getFileName().toString() : safe(c.id()) + ".wav";
            Set<String> taken = used.computeIfAbsent(splitName(c, task.folds()), k -> new HashSet<>());
            String name = base;
            for (int n = 2; !taken.add(name); n++) {
                name = base.substring(0, base.length() - 4) + "-" + n + ".wav";
            }
            names.put(c.id(), name);
        }
        return new HearLayout(task, vocabulary, splits, names);
    }

    public HearLayout {
        vocabulary = List.copyOf(vocabulary);
        splits = List.copyOf(splits);
        fileNames = Map.copyOf(fileNames);
    }

    /** The HEAR split of a clip: its split's name, or {@code foldNN} (HEAR counts from 0) in a task with folds. */
    public String splitOf(Clip clip) {
        return splitName(clip, task.folds());
    }

    public String fileName(Clip clip) {
        return fileNames.get(clip.id());
    }

    /** The clips of one HEAR split, in task order. */
    public List<Clip> clips(String split) {
        return task.clips().stream().filter(c -> splitOf(c).equals(split)).toList();
    }

    /** A clip's labels as HEAR lists them in {@code {split}.json} and {@code .target-labels.json}. */
    public List<String> labelsOf(Clip clip) {
        return labelNames(task.spec(), clip.labels());
    }

    /**
     * The {@code task_metadata.json} of the task as a HEAR scene task of clips {@code sampleDuration} long; a HEAR
     * task keeps its own name, version, mode and metric names.
     */
    public HearMetadata metadata(double sampleDuration) {
        TaskSpec spec = task.spec();
        if (spec.ref().isHear()) {
            HearMetadata m = HearMetadata.read(task.root());
            return new HearMetadata(m.taskName(), m.version(), m.mode(), m.predictionType(), m.splitMode(), splits,
                    OptionalDouble.of(sampleDuration), m.evaluation());
        }
        boolean kfold = task.folds() > 0;
        return new HearMetadata(spec.id(), spec.ref().variant(), "full",
                spec.multiLabel() ? HearMetadata.PredictionType.MULTILABEL : HearMetadata.PredictionType.MULTICLASS,
                kfold ? HearMetadata.SplitMode.PRESPLIT_KFOLD : HearMetadata.SplitMode.TRAINVALTEST, splits,
                OptionalDouble.of(sampleDuration),
                HearMetric.namesFor(spec.metric()));
    }

    private static String splitName(Clip clip, int folds) {
        return folds > 0 ? foldName(clip.fold() - 1) : clip.split().id();
    }

    private static String foldName(int zeroBased) {
        return String.format(Locale.ROOT, "fold%02d", zeroBased);
    }

    /** The class names of labels: one, several (multi-label), or one joint name of every slot's class. */
    public static List<String> labelNames(TaskSpec spec, Labels l) {
        List<LabelSpace> spaces = spec.labelSpaces();
        if (l instanceof Labels.Single s) {
            return List.of(spaces.get(0).classes().get(s.index()));
        }
        if (l instanceof Labels.Multi m) {
            return IntStream.of(m.indices()).mapToObj(i -> spaces.get(0).classes().get(i)).toList();
        }
        int[] slots = ((Labels.Slots) l).indices();
        List<String> parts = new ArrayList<>();
        for (int g = 0; g < slots.length; g++) {
            parts.add(spaces.get(g).classes().get(slots[g]));
        }
        return List.of(String.join(SLOT_SEPARATOR, parts));
    }

    /** A clip id as a file stem: letters, digits, {@code . _ -}; folders joined by {@code _}. */
    private static String safe(String id) {
        String s = id.toLowerCase(Locale.ROOT).endsWith(".wav") ? id.substring(0, id.length() - 4) : id;
        return s.replace('/', '_').replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
