package org.hares.data.hares;

import java.util.List;
import java.util.Map;
import org.hares.data.DatasetSelection;
import org.hares.data.LoadedTask;
import org.hares.data.Split;
import org.hares.data.TaskSpec;

/** One HARES task: its variants, their specs, the on-disk layout it reads and the official counts. */
interface TaskLoader {

    String id();

    /** Variant names this task accepts ({@code "default"} for single-construction tasks). */
    List<String> variants();

    /** The variant {@code "default"} resolves to when no user split file is given. */
    String defaultVariant();

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
