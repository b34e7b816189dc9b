package org.hares.cli.export;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.hares.cli.TaskSelectionOptions;
import org.hares.data.DatasetSelection;
import org.hares.data.Task;
import org.hares.eval.TaskSource;
import org.hares.export.HearTaskExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hares export hear}: a task as a hear-preprocess scene task folder that hear-eval-kit runs as it is. */
@Command(name = "hear", mixinStandardHelpOptions = true,
        description = {"Write each task as a hear-preprocess scene task: OUT/{name}-{version}-{mode}/ with task_metadata.json, "
                + "labelvocabulary.csv, {split}.json and 16000/{split}/*.wav (16-bit PCM mono, every clip padded or trimmed to "
                + "sample_duration).",
            "Tasks with folds (ESC-50) become presplit_kfold folds fold00...; the others trainvaltest. Fluent Speech Commands' "
                + "three slots become one multiclass label 'action|object|location'."})
public final class ExportHearCommand implements Callable<Integer> {

    @Mixin
    TaskSelectionOptions tasks;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder the task folders are written into.")
    Path out;

    @Option(names = "--sample-duration", paramLabel = "SECONDS",
            description = "Length every clip is padded or trimmed to (default: the task's longest clip, so nothing is cut).")
    Double sampleDuration;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (sampleDuration != null && !(sampleDuration > 0)) {
            throw new IllegalArgumentException("--sample-duration must be positive, got " + sampleDuration);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (DatasetSelection s : tasks.selections()) {
            Task task = TaskSource.of(s).loader().get();
            Path folder = HearTaskExport.write(task, out, sampleDuration == null ? OptionalDouble.empty()
                    : OptionalDouble.of(sampleDuration), err);
            stdout.println(folder);
        }
        stdout.flush();
        return 0;
    }
}
