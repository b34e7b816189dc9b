package org.hares.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The dataset config file (YAML, read with snakeyaml-engine): task ids (optionally
 * {@code id:variant}) mapped to dataset roots, or to a mapping with {@code root},
 * {@code split_file}, {@code train_fraction}, {@code seed}, {@code skip_bad_files}. Top-level
 * {@code seed} and {@code skip_bad_files} are defaults for every task. Relative paths are resolved
 * against the config file's folder.
 *
 * <pre>
 * seed: 0
 * tasks:
 *   esc50: /data/ESC-50-master
 *   speech_commands_v1:v0.01: /data/speech_commands
 *   birdsong:
 *     root: /data/birdsong
 *     split_file: splits/birdsong.csv
 * hear:                      # HEAR task folders (each holding task_metadata.json)
 *   - /data/hear/tasks/esc50-v2.0.0-full
 * </pre>
 */
public final class DatasetConfig {

    private static final Set<String> TOP_KEYS = Set.of("tasks", "hear", "seed", "skip_bad_files");
    private static final Set<String> TASK_KEYS = Set.of("root", "split_file", "train_fraction", "seed", "skip_bad_files");

    private DatasetConfig() {
    }

    public static List<DatasetSelection> load(Path yamlFile) {
        Object doc;
        try (Reader in = Files.newBufferedReader(yamlFile, StandardCharsets.UTF_8)) {
            doc = new Load(LoadSettings.builder().setLabel(yamlFile.toString()).build()).loadFromReader(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("config file not found: " + yamlFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yamlFile, e);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(yamlFile + ": malformed YAML: " + e.getMessage().replace('\n', ' '));
        }
        Map<?, ?> top = map(doc, yamlFile, "the document");
        unknownKeys(top, TOP_KEYS, yamlFile, "top level");
        long seed = number(top.get("seed"), 0L, yamlFile, "seed").longValue();
        boolean skip = bool(top.get("skip_bad_files"), false, yamlFile, "skip_bad_files");
        Path base = yamlFile.toAbsolutePath().getParent();
        List<DatasetSelection> out = new ArrayList<>();
        if (top.containsKey("hear")) {
            if (!(top.get("hear") instanceof List<?> folders) || folders.stream().anyMatch(f -> !(f instanceof String))) {
                throw new IllegalArgumentException(yamlFile + ": 'hear' must be a list of HEAR task folders, found '"
                        + top.get("hear") + "'");
            }
            folders.forEach(f -> out.add(DatasetSelection.hear(base.resolve((String) f)).withSeed(seed).withSkipBadFiles(skip)));
            if (!top.containsKey("tasks")) {
                return out;
            }
        }
        Map<?, ?> tasks = map(top.get("tasks"), yamlFile, "'tasks'");
        for (Map.Entry<?, ?> e : tasks.entrySet()) {
            String key = String.valueOf(e.getKey());
            TaskRef ref;
            try {
                ref = TaskRef.parse(key);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(yamlFile + ": tasks: " + ex.getMessage());
            }
            if (e.getValue() instanceof String root) {
                out.add(new DatasetSelection(ref, base.resolve(root), Optional.empty(), seed, skip));
                continue;
            }
            Map<?, ?> t = map(e.getValue(), yamlFile, "tasks." + key);
            unknownKeys(t, TASK_KEYS, yamlFile, "tasks." + key);
            if (!(t.get("root") instanceof String root)) {
                throw new IllegalArgumentException(yamlFile + ": tasks." + key + ": 'root' (the dataset folder) is required");
            }
            Optional<Path> split = Optional.ofNullable(t.get("split_file")).map(s -> base.resolve(String.valueOf(s)));
            out.add(new DatasetSelection(ref, base.resolve(root), split,
                    number(t.get("seed"), seed, yamlFile, "tasks." + key + ".seed").longValue(),
                    bool(t.get("skip_bad_files"), skip, yamlFile, "tasks." + key + ".skip_bad_files"),
                    number(t.get("train_fraction"), DatasetSelection.DEFAULT_TRAIN_FRACTION, yamlFile,
                            "tasks." + key + ".train_fraction").doubleValue()));
        }
        return out;
    }

    private static Map<?, ?> map(Object o, Path file, String where) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(file + ": " + where + " must be a mapping, found "
                + (o == null ? "nothing" : o.getClass().getSimpleName() + " '" + o + "'"));
    }

    private static void unknownKeys(Map<?, ?> m, Set<String> allowed, Path file, String where) {
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(file + ": " + where + ": unknown key '" + k + "' (allowed: "
                        + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private static Number number(Object o, Number dflt, Path file, String where) {
        if (o == null) {
            return dflt;
        }
        if (o instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(file + ": " + where + " must be a number, found '" + o + "'");
    }

    private static boolean bool(Object o, boolean dflt, Path file, String where) {
        if (o == null) {
            return dflt;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(file + ": " + where + " must be true or false, found '" + o + "'");
    }
}
