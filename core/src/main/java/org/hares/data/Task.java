package org.hares.data;

import java.nio.file.Path;
import java.util.List;

/** A loaded dataset: its spec, its root folder and every clip found, in a deterministic order. */
public interface Task {

    TaskSpec spec();

    Path root();

    List<Clip> clips();

    default List<Clip> clips(Split split) {
        return clips().stream().filter(c -> c.split() == split).toList();
    }

    /**
     * Number of cross-validation folds (ESC-50: 5, every clip in split TRAIN with its fold 1–5;
     * the evaluation holds out one fold at a time), {@code 0} for tasks with fixed splits.
     */
    default int folds() {
        return clips().stream().mapToInt(Clip::fold).max().orElse(0);
    }

    /**
     * How folds rotate: false (ESC-50) trains on every other fold; true (HEAR's k-fold) holds out the next fold
     * (cyclically) for validation and trains on the rest.
     */
    default boolean validatesOnNextFold() {
        return false;
    }
}
