package org.hares.data.hares;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hares.data.Clip;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.LabelSpace;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskSpec;

/**
 * Fluent Speech Commands: intent = (action, object, location), three slot heads, correct only if
 * every slot is (paper §2.1; SUPERB IC). Slot vocabularies are the sorted values of
 * train_data.csv (as s3prl builds them); valid/test values outside them are layout errors.
 */
final class FluentSpeechCommandsLoader implements TaskLoader {

    static final List<String> SLOTS = List.of("action", "object", "location");
    /** The published slot values (6 / 14 / 4), sorted as the loader sorts the train CSV's values. */
    static final List<List<String>> PUBLISHED = List.of(
            sorted("change language", "activate", "deactivate", "increase", "decrease", "bring"),
            sorted("none", "music", "lights", "volume", "heat", "lamp", "newspaper", "juice", "socks", "shoes",
                    "Chinese", "Korean", "English", "German"),
            sorted("none", "kitchen", "bedroom", "washroom"));
    static final String[] CSV_SPLITS = {"train", "valid", "test"};

    private static List<String> sorted(String... values) {
        return List.copyOf(new TreeSet<>(List.of(values)));
    }

    @Override
    public String id() {
        return "fluent_speech_commands";
    }

    @Override
    public TaskSpec spec(String variant) {
        return spec(variant, PUBLISHED);
    }

    private TaskSpec spec(String variant, List<List<String>> vocab) {
        List<LabelSpace> spaces = new ArrayList<>();
        for (int i = 0; i < SLOTS.size(); i++) {
            spaces.add(Protocol.classes(SLOTS.get(i), vocab.get(i)));
        }
        return Protocol.task(id(), variant).domain(Domain.SPEECH).slots(spaces).crops(3.0)
                .source("split", "official data/{train,valid,test}_data.csv")
                .source("classes", "slot values of train_data.csv, sorted (as s3prl builds them); a clip is correct only if all three slots are")
                .build();
    }

    @Override
    public String layout() {
        return """
                ROOT = fluent_speech_commands_dataset/
                  data/train_data.csv, data/valid_data.csv, data/test_data.csv
                      columns (unnamed index),path,speakerId,transcription,action,object,location
                  wavs/speakers/<speakerId>/<uuid>.wav   (the 'path' column, relative to ROOT)""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return Map.of(Split.TRAIN, 23_132, Split.VALID, 3_118, Split.TEST, 3_793);
    }

    private record Row(String path, Split split, String[] values, Path csv, long line) {
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        List<Row> rows = new ArrayList<>();
        List<TreeSet<String>> vocab = List.of(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        List<String> columns = List.of("path", "speakerId", "transcription", "action", "object", "location");
        for (String s : CSV_SPLITS) {
            Path csv = scan.metadata("data/" + s + "_data.csv", "Fluent Speech Commands " + s + " table");
            Split split = Split.parse(s);
            Csv.read(csv, Csv.COMMA, columns, row -> {
                String[] values = SLOTS.stream().map(row::get).toArray(String[]::new);
                if (split == Split.TRAIN) {
                    for (int i = 0; i < values.length; i++) {
                        vocab.get(i).add(values[i]);
                    }
                }
                rows.add(new Row(row.get("path"), split, values, csv, row.line()));
            });
        }
        List<List<String>> spaces = vocab.stream().map(v -> List.copyOf(v)).toList();
        if (spaces.stream().anyMatch(List::isEmpty)) {
            throw new org.hares.data.DatasetLayoutException(scan.root().resolve("data/train_data.csv"), "no training rows");
        }
        TaskSpec loaded = spec(spec.ref().variant(), spaces);
        List<Clip> clips = new ArrayList<>();
        for (Row r : rows) {
            int[] idx = new int[SLOTS.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = spaces.get(i).indexOf(r.values()[i]);
                if (idx[i] < 0) {
                    throw new org.hares.data.DatasetLayoutException(r.csv(), "line " + r.line() + ": " + SLOTS.get(i) + " '"
                            + r.values()[i] + "' is not among the train_data.csv values " + spaces.get(i));
                }
            }
            scan.uniqueId(r.path(), r.csv());
            Path file = scan.root().resolve(r.path());
            if (scan.audio(file, r.csv())) {
                clips.add(new Clip(r.path(), file, Segment.WHOLE, r.split(), 0, new Labels.Slots(idx)));
            }
        }
        return new LoadedTask(loaded, scan.root(), clips, scan.report());
    }
}
