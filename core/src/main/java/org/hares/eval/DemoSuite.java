package org.hares.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.Labels;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.data.hares.HaresTasks;

/**
 * The small real-audio suite shipped in {@code demo/suite} (built by {@code demo/build-suite.sh}):
 * official on-disk layouts of five HARES tasks, read by the same loaders as the real datasets.
 * Scores on it are demo numbers, never comparable with the paper's.
 */
public final class DemoSuite {

    /** Task → folder under the suite root, in the paper's order. */
    private static final Map<TaskRef, String> FOLDERS = new java.util.LinkedHashMap<>();

    static {
        FOLDERS.put(TaskRef.parse("esc50"), "ESC-50-master");
        FOLDERS.put(TaskRef.parse("speech_commands_v2"), ""); // the layout root holds speech_commands_v0.02/
        FOLDERS.put(TaskRef.parse("voxforge"), "voxforge");
        FOLDERS.put(TaskRef.parse("nsynth_pitch"), "nsynth");
        FOLDERS.put(TaskRef.parse("nsynth_instrument"), "nsynth");
    }

    private DemoSuite() {}

    /**
     * The suite folder: {@code $HARES_HOME/demo/suite} (the launcher sets HARES_HOME), else
     * {@code demo/suite} under the working directory or one of its parents.
     */
    public static Path locate() {
        Optional<Path> home = Optional.ofNullable(System.getenv("HARES_HOME")).map(h -> Path.of(h, "demo", "suite"));
        if (home.isPresent() && Files.isDirectory(home.get())) {
            return home.get();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("demo").resolve("suite");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new DatasetLayoutException(Path.of("demo", "suite"),
                "demo suite not found (looked in $HARES_HOME/demo/suite and in demo/suite above the working directory); pass --suite DIR");
    }

    public static List<DatasetSelection> selections(Path suiteRoot) {
        if (!Files.isDirectory(suiteRoot)) {
            throw new DatasetLayoutException(suiteRoot, "demo suite folder not found (build it with demo/build-suite.sh)");
        }
        return FOLDERS.entrySet().stream()
                .map(e -> DatasetSelection.of(e.getKey(), suiteRoot.resolve(e.getValue())))
                .toList();
    }

    /**
     * Per task (resolved {@code id:variant}), the accuracy in percent of always answering the most
     * frequent test class: the chance level each demo score should be read against (the demo tasks
     * use fewer classes than the real ones).
     */
    public static Map<String, Double> chanceLevels(List<DatasetSelection> selections) {
        Map<String, Double> chance = new java.util.LinkedHashMap<>();
        for (DatasetSelection s : selections) {
            chance.put(HaresTasks.spec(s.ref()).ref().toString(), majorityClassAccuracy(s));
        }
        return chance;
    }

    static double majorityClassAccuracy(DatasetSelection selection) {
        Task task = HaresTasks.load(selection);
        // a fold task (ESC-50) is scored on every clip in turn
        List<Labels> test = (task.folds() > 0 ? task.clips() : task.clips(Split.TEST)).stream().map(Clip::labels).toList();
        if (test.isEmpty()) {
            throw new DatasetLayoutException(selection.root(), "no test clips for " + selection.ref());
        }
        long top = test.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElseThrow();
        return 100.0 * top / test.size();
    }
}
