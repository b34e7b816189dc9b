package org.hares.data.hear;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.hares.data.DatasetLayoutException;

/**
 * The fields of a hear-preprocess {@code task_metadata.json} (the task config it ran with) that hares reads
 * and writes. Only scene tasks are represented: an event (timestamp) task is refused when read.
 *
 * @param taskName       {@code task_name}
 * @param version        {@code version} (empty when absent)
 * @param mode           {@code mode}, e.g. {@code full} or {@code 5h} (empty when absent)
 * @param predictionType multiclass or multilabel
 * @param splitMode      trainvaltest or one of the k-fold modes
 * @param splits         the split names, {@code train, valid, test} or {@code fold00, fold01, ...}
 * @param sampleDuration seconds every clip was trimmed or padded to; empty ({@code null} in the file) where the
 *                       clips kept their own lengths
 * @param evaluation     HEAR's metric names, the first the headline
 */
public record HearMetadata(String taskName, String version, String mode, PredictionType predictionType, SplitMode splitMode,
        List<String> splits, OptionalDouble sampleDuration, List<String> evaluation) {

    public static final String FILE = "task_metadata.json";

    /** {@code prediction_type}. */
    public enum PredictionType {
        MULTICLASS, MULTILABEL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code split_mode}; both k-fold modes name their splits {@code foldNN} and rotate them alike. */
    public enum SplitMode {
        TRAINVALTEST, PRESPLIT_KFOLD, NEW_SPLIT_KFOLD;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isKFold() {
            return this != TRAINVALTEST;
        }
    }

    public HearMetadata {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(predictionType, "predictionType");
        Objects.requireNonNull(splitMode, "splitMode");
        splits = List.copyOf(splits);
        evaluation = List.copyOf(evaluation);
        Objects.requireNonNull(sampleDuration, "sampleDuration");
        if (sampleDuration.isPresent() && !(sampleDuration.getAsDouble() > 0)) {
            throw new IllegalArgumentException("sample_duration must be positive, got " + sampleDuration.getAsDouble());
        }
    }

    /** HEAR's folder name for the task, {@code {task_name}-{version}-{mode}}. */
    public String folderName() {
        return String.join("-", taskName, version, mode);
    }

    /** Reads {@code folder/task_metadata.json}; malformed or unsupported content is a {@link DatasetLayoutException}. */
    public static HearMetadata read(Path folder) {
        Path file = folder.resolve(FILE);
        JsonObject o;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(in);
            if (!e.isJsonObject()) {
                throw new DatasetLayoutException(file, "expected a JSON object, found " + kind(e));
            }
            o = e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new DatasetLayoutException(file, "not found (a HEAR task folder holds " + FILE
                    + ", labelvocabulary.csv, {split}.json and {sample rate}/{split}/*.wav)");
        } catch (JsonParseException e) {
            throw new DatasetLayoutException(file, "malformed JSON: " + firstLine(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String embeddingType = string(o, "embedding_type", file, true);
        if (embeddingType.equals("event")) {
            throw new DatasetLayoutException(file, "embedding_type 'event' (a timestamp task) is not supported yet: hares "
                    + "evaluates HEAR scene tasks (embedding_type 'scene')");
        }
        if (!embeddingType.equals("scene")) {
            throw new DatasetLayoutException(file, "embedding_type '" + embeddingType + "' (expected 'scene')");
        }
        PredictionType prediction = choice(PredictionType.class, string(o, "prediction_type", file, true), "prediction_type", file);
        SplitMode splitMode = choice(SplitMode.class, string(o, "split_mode", file, true), "split_mode", file);
        JsonElement duration = o.get("sample_duration");
        boolean untrimmed = duration != null && duration.isJsonNull();
        if (!untrimmed && (duration == null || !duration.isJsonPrimitive() || !duration.getAsJsonPrimitive().isNumber()
                || !(duration.getAsDouble() > 0))) {
            throw new DatasetLayoutException(file, "sample_duration must be a positive number of seconds or null, found "
                    + (duration == null ? "none" : duration));
        }
        List<String> splits = o.has("splits") ? strings(o, "splits", file) : defaultSplits(o, splitMode, file);
        checkSplits(splits, splitMode, file);
        List<String> evaluation = o.has("evaluation") ? strings(o, "evaluation", file) : List.of();
        return new HearMetadata(string(o, "task_name", file, true), string(o, "version", file, false),
                string(o, "mode", file, false), prediction, splitMode, splits,
                untrimmed ? OptionalDouble.empty() : OptionalDouble.of(duration.getAsDouble()), evaluation);
    }

    /** Writes {@code task_metadata.json} into {@code folder}; {@code extra} entries are added after HEAR's keys. */
    public void write(Path folder, Map<String, String> extra) {
        JsonObject o = new JsonObject();
        o.addProperty("task_name", taskName);
        o.addProperty("version", version);
        o.addProperty("mode", mode);
        o.addProperty("default_mode", mode);
        o.addProperty("embedding_type", "scene");
        o.addProperty("prediction_type", predictionType.id());
        o.addProperty("split_mode", splitMode.id());
        if (splitMode.isKFold()) {
            o.addProperty("nfolds", splits.size());
        }
        if (sampleDuration.isPresent()) {
            o.addProperty("sample_duration", sampleDuration.getAsDouble());
        } else {
            o.add("sample_duration", com.google.gson.JsonNull.INSTANCE);
        }
        o.add("evaluation", array(evaluation));
        o.add("splits", array(splits));
        extra.forEach(o::addProperty);
        try {
            Files.writeString(folder.resolve(FILE), new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(FILE), e);
        }
    }

    private static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static List<String> defaultSplits(JsonObject o, SplitMode mode, Path file) {
        if (!mode.isKFold()) {
            return List.of("train", "valid", "test");
        }
        JsonElement n = o.get("nfolds");
        if (n == null || !n.isJsonPrimitive() || !n.getAsJsonPrimitive().isNumber() || n.getAsInt() < 3) {
            throw new DatasetLayoutException(file, "split_mode " + mode.id() + " needs 'splits' or 'nfolds' >= 3, found "
                    + (n == null ? "neither" : "nfolds " + n));
        }
        return IntStream.range(0, n.getAsInt()).mapToObj(i -> String.format(Locale.ROOT, "fold%02d", i)).toList();
    }

    private static void checkSplits(List<String> splits, SplitMode mode, Path file) {
        boolean ok = mode.isKFold()
                ? splits.size() >= 3 && splits.stream().allMatch(s -> s.matches("fold\\d+"))
                : splits.contains("train") && splits.contains("test")
                        && splits.stream().allMatch(s -> s.equals("train") || s.equals("valid") || s.equals("test"));
        if (!ok || splits.stream().distinct().count() != splits.size()) {
            throw new DatasetLayoutException(file, "splits " + splits + " do not fit split_mode " + mode.id() + " (expected "
                    + (mode.isKFold() ? "fold00, fold01, ... (at least three: a test, a validation and a training fold)"
                            : "train, valid, test") + ")");
        }
    }

    private static String string(JsonObject o, String key, Path file, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new DatasetLayoutException(file, "missing '" + key + "'");
            }
            return "";
        }
        if (!e.isJsonPrimitive()) {
            throw new DatasetLayoutException(file, "'" + key + "' must be a string, found " + kind(e));
        }
        return e.getAsString();
    }

    private static List<String> strings(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (!e.isJsonArray()) {
            throw new DatasetLayoutException(file, "'" + key + "' must be a list of strings, found " + kind(e));
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive()) {
                throw new DatasetLayoutException(file, "'" + key + "' must be a list of strings, found an element " + kind(x));
            }
            out.add(x.getAsString());
        }
        return out;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String key, Path file) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new DatasetLayoutException(file, key + " '" + value + "' is not one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    static String kind(JsonElement e) {
        return e.isJsonObject() ? "an object" : e.isJsonArray() ? "a list" : e.isJsonNull() ? "null" : "'" + e.getAsString() + "'";
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
