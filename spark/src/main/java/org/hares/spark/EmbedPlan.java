package org.hares.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.hares.data.Clip;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskSpec;
import org.hares.embed.AudioWindower;

/**
 * The job's work, built on the driver from the tasks the data registry loaded: per task the windows
 * the evaluation will ask for (tasks with folds: every clip's evaluation windows; others: the
 * training-crop pool of the train split, evaluation windows of valid and test), cut into partitions
 * of consecutive clips of one task and role.
 *
 * @param partitions in order; partition {@code i} has number {@code i}
 * @param tasks      the specs of the tasks, in order
 * @param hash       identifies the plan (see {@link JobInfo#planHash})
 */
record EmbedPlan(List<PartitionPlan> partitions, List<TaskSpec> tasks, String hash) {

    /**
     * @param audioRoots        task id → URI the executors read that task's audio under (its files' paths
     *                          relative to the dataset folder are kept); tasks not listed are read at their local paths
     * @param limit             the first N clips of each split (of each fold), as {@code hares eval --limit}
     * @param clipsPerPartition clips per partition (the last of a task and role may have fewer)
     */
    static EmbedPlan of(List<Task> loaded, Map<String, String> audioRoots, OptionalInt limit, int clipsPerPartition) {
        if (clipsPerPartition < 1) {
            throw new IllegalArgumentException("--clips-per-partition must be >= 1, got " + clipsPerPartition);
        }
        List<PartitionPlan> partitions = new ArrayList<>();
        List<TaskSpec> specs = new ArrayList<>();
        for (Task task : loaded) {
            TaskSpec spec = task.spec();
            specs.add(spec);
            String specJson = TaskSpecJson.toString(spec);
            Map<Clip, Integer> index = new IdentityHashMap<>();
            List<Clip> all = task.clips();
            for (int i = 0; i < all.size(); i++) {
                index.put(all.get(i), i);
            }
            boolean folded = all.stream().anyMatch(c -> c.fold() > 0);
            List<List<Clip>> evalGroups = folded ? List.of(limit(all, limit))
                    : List.of(limit(task.clips(Split.VALID), limit), limit(task.clips(Split.TEST), limit));
            List<Clip> train = folded ? List.of() : limit(task.clips(Split.TRAIN), limit);
            String root = audioRoots.get(spec.id());
            for (AudioWindower.Role role : AudioWindower.Role.values()) {
                List<Clip> clips = new ArrayList<>();
                if (role == AudioWindower.Role.EVAL) {
                    evalGroups.forEach(clips::addAll);
                } else {
                    clips.addAll(train);
                }
                for (int from = 0; from < clips.size(); from += clipsPerPartition) {
                    List<ClipRow> rows = new ArrayList<>();
                    for (Clip clip : clips.subList(from, Math.min(clips.size(), from + clipsPerPartition))) {
                        rows.add(ClipRow.of(index.get(clip), clip, file(task.root(), clip.file(), root)));
                    }
                    partitions.add(new PartitionPlan(partitions.size(), spec.ref().toString(), specJson, role, rows));
                }
            }
        }
        return new EmbedPlan(partitions, specs, hash(partitions));
    }

    int clips() {
        return partitions.stream().mapToInt(p -> p.clips().size()).sum();
    }

    /** The first N clips of each fold (ESC-50 holds out one fold at a time, so every fold keeps clips), as the evaluator cuts. */
    static List<Clip> limit(List<Clip> clips, OptionalInt limit) {
        if (limit.isEmpty()) {
            return clips;
        }
        Map<Integer, Integer> taken = new HashMap<>();
        return clips.stream().filter(c -> taken.merge(c.fold(), 1, Integer::sum) <= limit.getAsInt()).toList();
    }

    private static String file(Path taskRoot, Path file, String audioRoot) {
        Path absolute = file.toAbsolutePath().normalize();
        if (audioRoot == null) {
            return absolute.toString();
        }
        String relative = taskRoot.toAbsolutePath().normalize().relativize(absolute).toString();
        return audioRoot.endsWith("/") ? audioRoot + relative : audioRoot + "/" + relative;
    }

    private static String hash(List<PartitionPlan> partitions) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (PartitionPlan p : partitions) {
                sha.update((p.name() + " " + p.task() + " " + p.role() + "\n").getBytes(StandardCharsets.UTF_8));
                for (ClipRow c : p.clips()) {
                    sha.update((c.index() + "\t" + c.id() + "\t" + c.file() + "\t" + c.offsetSeconds() + "\t" + c.durationSeconds()
                            + "\t" + c.split() + "\t" + c.fold() + "\t" + Arrays.toString(c.labels()) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
