package org.hares.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.data.DatasetConfig;
import org.hares.data.DatasetSelection;
import org.hares.data.TaskRef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which datasets a command addresses: {@code --task ID[:VARIANT]=DIR} or {@code --task hear:DIR} (repeatable) and/or
 * {@code --config FILE}; {@code --split-file ID=FILE}, {@code --split-seed}, {@code --train-fraction}
 * and {@code --skip-bad-audio} refine them. A {@code --task} overrides the config's entry for the same id.
 */
public final class TaskSelectionOptions {

    @Option(names = "--task", paramLabel = "ID[:VARIANT]=DIR",
            description = "A task and its dataset root, e.g. esc50=/data/ESC-50-master (repeatable; see 'hares tasks'), "
                    + "or hear:DIR, a HEAR task folder (the one holding task_metadata.json).")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file mapping task ids to dataset roots (see README).")
    Path config;

    @Option(names = "--split-file", paramLabel = "ID=FILE",
            description = "A split file (CSV 'file,split') for birdsong or tut18 (repeatable).")
    Map<String, Path> splitFiles = new LinkedHashMap<>();

    @Option(names = "--split-seed", paramLabel = "N",
            description = "Seed of the fallback random splits of birdsong and tut18 (default: the config's, else 0).")
    Long splitSeed;

    @Option(names = "--train-fraction", paramLabel = "F",
            description = "Train share of the fallback random splits (default: 0.8).")
    Double trainFraction;

    @Mixin
    SkipBadAudio skipBadAudio;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--skip-bad-files", hidden = true)
    void deprecatedSkipBadFiles(boolean value) {
        Deprecations.warn(spec, "--skip-bad-files", "--skip-bad-audio");
        skipBadAudio.set(value);
    }

    /** Whether any --task or --config was given. */
    public boolean given() {
        return !tasks.isEmpty() || config != null;
    }

    /** HARES tasks are one per id and variant; HEAR tasks one per folder. */
    private static String key(DatasetSelection s) {
        return s.isHear() ? s.ref().id() + "=" + s.root().toAbsolutePath().normalize() : s.ref().toString();
    }

    /** Whether {@code --skip-bad-audio} was given (empty and undecodable files are skipped when embedding too). */
    public boolean skipBadAudio() {
        return skipBadAudio.given();
    }

    /** The selections in command-line order: config entries first, then --task ones (which replace entries of the same id and variant). */
    public List<DatasetSelection> selections() {
        Map<String, DatasetSelection> byId = new LinkedHashMap<>();
        if (config != null) {
            for (DatasetSelection s : DatasetConfig.load(config)) {
                byId.put(key(s), s);
            }
        }
        for (String t : tasks) {
            DatasetSelection s = DatasetSelection.parse(t);
            byId.remove(key(s));
            byId.put(key(s), s);
        }
        for (String id : splitFiles.keySet()) {
            if (byId.values().stream().noneMatch(s -> s.ref().id().equals(TaskRef.parse(id).id()))) {
                throw new IllegalArgumentException("--split-file " + id + "=...: no --task or config entry for '" + id + "'");
            }
        }
        List<DatasetSelection> out = new ArrayList<>();
        for (DatasetSelection s : byId.values()) {
            Path split = splitFiles.get(s.ref().id());
            if (split != null) {
                s = s.withSplitFile(split);
            }
            if (splitSeed != null) {
                s = s.withSeed(splitSeed);
            }
            if (trainFraction != null) {
                s = s.withTrainFraction(trainFraction);
            }
            if (skipBadAudio.given()) {
                s = s.withSkipBadFiles(true);
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no dataset given: use --task ID[:VARIANT]=DIR or --task hear:DIR (repeatable) "
                    + "or --config FILE");
        }
        return out;
    }

    /** {@code --skip-bad-audio}: every verb that reads audio takes it, with this one help text. */
    public static final class SkipBadAudio {

        @Option(names = "--skip-bad-audio",
                description = "Skip audio files that are absent, empty or undecodable (they are counted and listed) instead of "
                        + "failing (exit 3).")
        boolean given;

        public boolean given() {
            return given;
        }

        /** For a command's hidden deprecated alias. */
        public void set(boolean value) {
            given = value;
        }
    }
}
