package org.hares.data.hares;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.HeadType;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Metric;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;

/**
 * AudioSet tagging: the official segment CSVs and class index, and a folder of user-downloaded
 * 10-s clips per CSV named {@code <YTID>_<start_seconds>.<ext>} (start as written in the CSV).
 * Segments without a downloaded clip are YouTube attrition: counted and reported, not errors.
 */
final class AudioSetLoader implements TaskLoader {

    /** The 527 class MIDs in class_labels_indices.csv order (bundled, so label indices never depend on a copy). */
    static final List<String> MIDS = readMids();
    static final String CLASS_INDEX = "class_labels_indices.csv";
    static final List<String> SEGMENT_FILES = List.of("balanced_train_segments", "unbalanced_train_segments", "eval_segments");
    static final CSVFormat SEGMENTS = CSVFormat.DEFAULT.builder().setCommentMarker('#')
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();

    @Override
    public String id() {
        return "audioset";
    }

    @Override
    public TaskSpec spec(String variant) {
        return Protocol.task(id(), variant).domain(Domain.ENVIRONMENT)
                .classes(Protocol.classes("mid", MIDS))
                .multiLabel(Metric.MAP, HeadType.MLP_512)
                .windowing(3.0, new Windowing.EquallySpaced(10, 3.0))
                .schedule(200_000, 128)
                .source("split", "balanced + unbalanced train segments to train, eval segments to test (paper does not name them)")
                .source("head", "MLP with one hidden layer of 512 units, ReLU by default (tasks.md decision 8)")
                .source("example_mixing", "off on cached embeddings by default: the paper mixes audio (decision 8)")
                .source("eval.windows", "10 equally spaced overlapping 3-s crops (paper App. A)")
                .source("attrition", "segments never downloaded are counted and reported; the paper had about 1.9M clips")
                .build();
    }

    @Override
    public String layout() {
        return """
                ROOT/class_labels_indices.csv              index,mid,display_name (the 527 official classes)
                ROOT/balanced_train_segments.csv, ROOT/unbalanced_train_segments.csv, ROOT/eval_segments.csv
                ROOT/audio/<csv name without .csv>/<YTID>_<start_seconds>.<wav|flac|mp3|ogg|opus|m4a|webm>
                    e.g. audio/eval_segments/-0RWZT-miFs_420.000.wav (start exactly as written in the CSV)
                segments without a downloaded clip are counted as attrition, not errors""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return Map.of();
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        checkClassIndex(scan.metadata(CLASS_INDEX, "AudioSet class index"));
        Map<String, Integer> classOf = new HashMap<>();
        for (int i = 0; i < MIDS.size(); i++) {
            classOf.put(MIDS.get(i), i);
        }
        List<Clip> clips = new ArrayList<>();
        for (String name : SEGMENT_FILES) {
            Path csv = scan.metadata(name + ".csv", "AudioSet segment list");
            Path audioDir = scan.root().resolve("audio").resolve(name);
            Map<String, String> fileOfStem = stems(scan, audioDir);
            Split split = name.startsWith("eval") ? Split.TEST : Split.TRAIN;
            long[] listed = {0};
            long[] absent = {0};
            Csv.readRecords(csv, SEGMENTS, row -> {
                if (row.record().size() < 4) {
                    throw row.error("expected 'YTID, start_seconds, end_seconds, \"labels\"', found " + row.record().size() + " fields");
                }
                String ytid = row.record().get(0).trim();
                String start = row.record().get(1).trim();
                String id = ytid + "_" + start;
                String[] mids = row.record().get(3).split(",");
                int[] labels = new int[mids.length];
                for (int i = 0; i < mids.length; i++) {
                    Integer c = classOf.get(mids[i].trim());
                    if (c == null) {
                        throw row.error("label '" + mids[i].trim() + "' is not one of the 527 classes of " + CLASS_INDEX);
                    }
                    labels[i] = c;
                }
                scan.uniqueId(id, csv);
                listed[0]++;
                String file = fileOfStem.get(id);
                if (file == null) {
                    absent[0]++;
                    return;
                }
                scan.files.claim(audioDir, file);
                Path p = audioDir.resolve(file);
                clips.add(new Clip(id, p, Segment.WHOLE, split, 0, new Labels.Multi(labels)));
            });
            scan.note(name + ".csv segments listed", listed[0]);
            scan.note(name + ".csv segments not downloaded (attrition)", absent[0]);
        }
        return new LoadedTask(spec, scan.root(), clips, scan.report());
    }

    /** Maps {@code <YTID>_<start>} to the file name holding it; two files for one segment are an error. */
    private static Map<String, String> stems(Scan scan, Path dir) {
        Map<String, String> out = new HashMap<>();
        for (String name : scan.files.names(dir)) {
            if (!FileIndex.isAudio(name)) {
                continue;
            }
            String stem = name.substring(0, name.lastIndexOf('.'));
            String previous = out.put(stem, name);
            if (previous != null) {
                throw new DatasetLayoutException(dir.resolve(name), "two files for one segment: " + previous + " and " + name);
            }
        }
        return out;
    }

    private static void checkClassIndex(Path file) {
        List<String> found = new ArrayList<>();
        Csv.read(file, Csv.COMMA, List.of("index", "mid", "display_name"), row -> {
            int index = Numbers.intIn(row, "index", 0, Integer.MAX_VALUE);
            if (index != found.size()) {
                throw row.error("index " + index + " out of order (expected " + found.size() + ")");
            }
            found.add(row.get("mid"));
        });
        for (int i = 0; i < Math.max(found.size(), MIDS.size()); i++) {
            String expected = i < MIDS.size() ? MIDS.get(i) : "(none)";
            String actual = i < found.size() ? found.get(i) : "(none)";
            if (!expected.equals(actual)) {
                throw new DatasetLayoutException(file, "class " + i + ": expected mid " + expected + ", found " + actual
                        + " (the official 527-class index is required; " + found.size() + " classes found)");
            }
        }
    }

    private static List<String> readMids() {
        try (InputStream in = AudioSetLoader.class.getResourceAsStream("audioset_mids.txt")) {
            if (in == null) {
                throw new IllegalStateException("bundled resource audioset_mids.txt is missing");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
