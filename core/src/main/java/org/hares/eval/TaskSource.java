package org.hares.eval;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.hares.data.DatasetSelection;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.data.hares.HaresTasks;
import org.hares.data.hear.HearTasks;

/**
 * A task to evaluate: its reference, the folder its data should be in and how to load it.
 *
 * @param ref    task and variant
 * @param root   dataset folder (a missing folder makes the task "missing", not an error)
 * @param loader reads the dataset
 */
public record TaskSource(TaskRef ref, Path root, Supplier<Task> loader) {

    public static TaskSource of(DatasetSelection selection) {
        return new TaskSource(selection.ref(), selection.root(),
                selection.isHear() ? () -> HearTasks.load(selection) : () -> HaresTasks.load(selection));
    }
}
