package org.hares.data.hear;

import com.google.gson.JsonElement;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hares.audio.AudioReader;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.HeadType;
import org.hares.data.LabelSpace;
import org.hares.data.Labels;
import org.hares.data.LayoutReport;
import org.hares.data.LayoutReport.MissingFile;
import org.hares.data.LoadedTask;
import org.hares.data.Metric;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;
import org.hares.data.hares.HaresTasks;

/**
 * Reads a task preprocessed by hear-preprocess from its folder alone: {@code task_metadata.json},
 * {@code labelvocabulary.csv}, {@code {split}.json} and the 16 kHz audio in {@code 16000/{split}/}. Splits
 * {@code train/valid/test} map to ours; k-fold splits {@code foldNN} become folds 1..k of the train split,
 * rotated as HEAR does (test fold i, validation fold i+1, train the rest). Each clip is one window of
 * {@code sample_duration} seconds (the whole clip, as HEAR's scene embeddings see it).
 */
public final class HearTasks {

    /** The audio folder hares reads: HEAR's 16 kHz copy. */
    public static final int SAMPLE_RATE = 16000;
    public static final String VOCABULARY = "labelvocabulary.csv";

    private HearTasks() {
    }

    /** Reads the folder; listed-but-absent audio is recorded in the report (for {@code hares check}), not thrown. */
    public static LoadedTask inspect(DatasetSelection selection) {
        Path dir = selection.root();
        if (!Files.isDirectory(dir)) {
            throw new DatasetLayoutException(dir, "HEAR task folder is not a folder");
        }
        HearMetadata meta = HearMetadata.read(dir);
        List<String> vocabulary = vocabulary(dir.resolve(VOCABULARY));
        Path audioRoot = audioRoot(dir);
        List<Clip> clips = new ArrayList<>();
        List<MissingFile> missing = new ArrayList<>();
        List<Path> unexpected = new ArrayList<>();
        List<String> sorted = meta.splits().stream().sorted().toList();
        for (String split : meta.splits()) {
            Path json = dir.resolve(split + ".json");
            Path audioDir = audioRoot.resolve(split);
            Split ours = meta.splitMode().isKFold() ? Split.TRAIN : Split.parse(split);
            int fold = meta.splitMode().isKFold() ? sorted.indexOf(split) + 1 : 0;
            Set<String> listed = new HashSet<>();
            readSplit(json).forEach((file, labels) -> {
                Path audio = audioDir.resolve(file);
                listed.add(file);
                Labels l = labels(json, file, labels, vocabulary, meta.predictionType());
                if (!Files.isRegularFile(audio)) {
                    missing.add(new MissingFile(audio, json));
                    if (selection.skipBadFiles()) {
                        return;
                    }
                }
                clips.add(new Clip(split + "/" + file, audio, Segment.WHOLE, ours, fold, l));
            });
            unexpected.addAll(unlisted(audioDir, listed));
        }
        // untrimmed clips (sample_duration null): one window as long as the longest clip, the others zero-padded
        double window = meta.sampleDuration().orElseGet(() -> longestSeconds(clips));
        TaskSpec spec = spec(meta, vocabulary, dir, window);
        Map<String, Long> notes = new LinkedHashMap<>();
        notes.put("HEAR task " + meta.folderName() + ", " + meta.predictionType().id() + ", " + meta.splitMode().id()
                + ", sample_duration " + (meta.sampleDuration().isPresent() ? window + " s" : "null (longest clip " + window + " s)")
                + ", clips", (long) clips.size());
        LayoutReport report = new LayoutReport(missing, unexpected, selection.skipBadFiles(), notes, List.of());
        return new LoadedTask(spec, dir, clips, report, meta.splitMode().isKFold());
    }

    /** Reads the folder for evaluation: a listed but absent audio file is an error unless the selection skips them. */
    public static Task load(DatasetSelection selection) {
        LoadedTask task = inspect(selection);
        task.report().requireAudio(task.spec().ref(), selection.root());
        return task;
    }

    /** The longest clip present, in seconds (from the WAV headers). */
    private static double longestSeconds(List<Clip> clips) {
        return clips.stream().filter(c -> Files.isRegularFile(c.file()))
                .mapToDouble(c -> AudioReader.probe(c.file()).durationSeconds()).max().orElse(1.0);
    }

    /**
     * The spec hares evaluates a HEAR task with: the paper's linear head and schedule, one window of {@code window}
     * seconds per clip (its sample_duration, or the longest clip where the clips were left untrimmed).
     */
    static TaskSpec spec(HearMetadata meta, List<String> vocabulary, Path dir, double window) {
        boolean multiLabel = meta.predictionType() == HearMetadata.PredictionType.MULTILABEL;
        Metric fallback = multiLabel ? Metric.MAP : Metric.ACCURACY;
        Metric metric = meta.evaluation().stream().map(HearMetric::of).flatMap(m -> m.flatMap(HearMetric::headline).stream())
                .findFirst().orElse(fallback);
        List<String> notComputed = meta.evaluation().stream().filter(n -> HearMetric.of(n).isEmpty()).toList();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("hear.task_folder", dir.toAbsolutePath().toString());
        provenance.put("hear.metrics", "HEAR's " + meta.evaluation() + " -> headline " + metric.id()
                + " (top1_acc, pitch_acc: accuracy; mAP: mAP; d_prime, aucroc: reported beside mAP)");
        if (!notComputed.isEmpty()) {
            provenance.put("hear.metrics_not_computed", String.join(", ", notComputed));
        }
        provenance.put("hear.windowing", "one window of " + window + " s per clip (" + (meta.sampleDuration().isPresent()
                ? "sample_duration" : "sample_duration null: the longest clip, shorter ones zero-padded")
                + "): the whole clip, as HEAR's scene embeddings see it");
        provenance.put("hear.splits", meta.splitMode().isKFold()
                ? "HEAR's k-fold rotation over " + meta.splits().size() + " folds: test fold i, validation fold i+1, train the rest"
                : "train, valid (fast protocol's model selection only), test");
        provenance.put("comparable_with_paper", "a HEAR task: not part of HARES, never counted in the HARES score");
        String variant = Stream.of(meta.version(), meta.mode()).filter(s -> !s.isEmpty())
                .reduce((a, b) -> a + "-" + b).orElse(TaskRef.DEFAULT_VARIANT).replaceAll("[^A-Za-z0-9_.-]", "_");
        TaskRef ref = new TaskRef(TaskRef.HEAR_PREFIX + meta.taskName().replaceAll("[^A-Za-z0-9_.-]", "_"), variant);
        return new TaskSpec(ref, null, List.of(new LabelSpace(meta.taskName(), vocabulary)), multiLabel, metric,
                multiLabel ? HeadType.SIGMOID : HeadType.SOFTMAX, window, new Windowing.Consecutive(window), HaresTasks.PAPER_STEPS, HaresTasks.PAPER_BATCH, false,
                provenance);
    }

    /** {@code labelvocabulary.csv}: columns {@code idx,label}, idx 0..n-1 in order. */
    static List<String> vocabulary(Path file) {
        List<String> labels = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(in, format)) {
            if (!parser.getHeaderMap().containsKey("idx") || !parser.getHeaderMap().containsKey("label")) {
                throw new DatasetLayoutException(file, "expected the columns idx,label, found " + parser.getHeaderMap().keySet());
            }
            for (CSVRecord r : parser) {
                String idx = r.isSet("idx") ? r.get("idx").trim() : "";
                if (!idx.equals(Integer.toString(labels.size())) || !r.isSet("label")) {
                    throw new DatasetLayoutException(file, "line " + parser.getCurrentLineNumber() + ": expected idx "
                            + labels.size() + " and a label, found '" + String.join(",", r.toList()) + "'");
                }
                labels.add(r.get("label"));
            }
        } catch (NoSuchFileException e) {
            throw new DatasetLayoutException(file, "not found (the task's label vocabulary, columns idx,label)");
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new DatasetLayoutException(file, "malformed CSV: " + HearMetadata.firstLine(e));
        }
        if (labels.isEmpty()) {
            throw new DatasetLayoutException(file, "no labels (expected the columns idx,label and one row per label)");
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new DatasetLayoutException(file, "a label is listed twice");
        }
        return labels;
    }

    /** {@code {split}.json}: file name to its list of labels, in file order. */
    private static Map<String, List<String>> readSplit(Path json) {
        JsonElement root;
        try (Reader in = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(in);
        } catch (NoSuchFileException e) {
            throw new DatasetLayoutException(json, "not found (task_metadata.json lists this split)");
        } catch (JsonParseException e) {
            throw new DatasetLayoutException(json, "malformed JSON: " + HearMetadata.firstLine(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
        if (!root.isJsonObject()) {
            throw new DatasetLayoutException(json, "expected an object mapping file names to label lists, found "
                    + HearMetadata.kind(root));
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonArray()) {
                throw new DatasetLayoutException(json, "file '" + e.getKey() + "': expected a list of labels, found "
                        + HearMetadata.kind(e.getValue()));
            }
            List<String> labels = new ArrayList<>();
            for (JsonElement l : e.getValue().getAsJsonArray()) {
                if (!l.isJsonPrimitive()) {
                    throw new DatasetLayoutException(json, "file '" + e.getKey() + "': a label must be a string, found "
                            + HearMetadata.kind(l) + " (event labels with start and end are not supported)");
                }
                labels.add(l.getAsString());
            }
            out.put(e.getKey(), labels);
        }
        return out;
    }

    private static Labels labels(Path json, String file, List<String> labels, List<String> vocabulary,
            HearMetadata.PredictionType type) {
        int[] idx = new int[labels.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = vocabulary.indexOf(labels.get(i));
            if (idx[i] < 0) {
                throw new DatasetLayoutException(json, "file '" + file + "': label '" + labels.get(i) + "' is not in "
                        + VOCABULARY);
            }
        }
        if (type == HearMetadata.PredictionType.MULTICLASS) {
            if (idx.length != 1) {
                throw new DatasetLayoutException(json, "file '" + file + "': a multiclass task needs exactly one label, found "
                        + labels);
            }
            return new Labels.Single(idx[0]);
        }
        return new Labels.Multi(idx);
    }

    private static Path audioRoot(Path dir) {
        Path root = dir.resolve(Integer.toString(SAMPLE_RATE));
        if (Files.isDirectory(root)) {
            return root;
        }
        List<String> rates;
        try (Stream<Path> s = Files.list(dir)) {
            rates = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        throw new DatasetLayoutException(root, "no 16 kHz audio folder (hares reads HEAR's " + SAMPLE_RATE
                + " Hz copy; found " + (rates.isEmpty() ? "no sample-rate folder" : String.join(", ", rates)) + ")");
    }

    private static List<Path> unlisted(Path audioDir, Set<String> listed) {
        if (!Files.isDirectory(audioDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(audioDir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .filter(p -> !listed.contains(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + audioDir, e);
        }
    }
}
