package org.hares.data.hares;

import java.util.List;
import java.util.Map;
import org.hares.data.DatasetSelection;
import org.hares.data.LoadedTask;
import org.hares.data.Split;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;

/** One HARES task: its variants, their specs, the on-disk layout it reads and the official counts. */
interface TaskLoader {

    String id();

    /** Variant names this task accepts; single-construction tasks have only {@code "default"}. */
    default List<String> variants() {
        return List.of(TaskRef.DEFAULT_VARIANT);
    }

    /** The variant {@code "default"} resolves to when no user split file is given. */
    default String defaultVariant() {
        return TaskRef.DEFAULT_VARIANT;
    }

    /** Whether a user split file ({@code file,split}) replaces the fallback split (Birdsong, TUT18). */
    default boolean acceptsSplitFile() {
        return false;
    }

    /** The spec of a resolved variant ({@code "default"} with a split file means the user's split). */
    TaskSpec spec(String variant);

    /** Human-readable expected layout under the dataset root. */
    String layout();

    /** Official clip counts per split of a variant, where the spec gives them; empty otherwise. */
    Map<Split, Integer> officialCounts(String variant);

    /** Reads the layout; metadata errors throw, absent audio is recorded in {@code scan}. */
    LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan);
}
