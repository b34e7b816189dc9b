package org.hares.data;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task read from disk: its resolved spec, root, clips (deterministic order), what the scan reported, and
 * how its folds rotate (see {@link Task#validatesOnNextFold()}).
 */
public record LoadedTask(TaskSpec spec, Path root, List<Clip> clips, LayoutReport report, boolean validatesOnNextFold)
        implements Task {

    public LoadedTask {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(root, "root");
        clips = List.copyOf(clips);
        Objects.requireNonNull(report, "report");
    }

    public LoadedTask(TaskSpec spec, Path root, List<Clip> clips, LayoutReport report) {
        this(spec, root, clips, report, false);
    }

    /** Number of clips per split (every split present, zero where empty). */
    public Map<Split, Integer> countsPerSplit() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            counts.put(s, 0);
        }
        for (Clip c : clips) {
            counts.merge(c.split(), 1, Integer::sum);
        }
        return counts;
    }
}
