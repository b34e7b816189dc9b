package org.hares.data.hares;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.hares.data.Clip;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.HeadType;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Metric;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskSpec;

/**
 * MagnaTagATune, top-50 tags (musicnn-training's split): folders 0–b train, c valid, d–f test;
 * clips 35644, 55753 and 57881 excluded as missing or corrupted; clips with no top-50 tag kept.
 */
final class MagnaTagATuneLoader implements TaskLoader {

    /** The 50 tags in musicnn's output_labels_mtt.txt order. */
    static final List<String> TAGS = List.of("guitar", "classical", "slow", "techno", "strings", "drums", "electronic",
            "rock", "fast", "piano", "ambient", "beat", "violin", "vocal", "synth", "female", "indian", "opera", "male",
            "singing", "vocals", "no vocals", "harpsichord", "loud", "quiet", "flute", "woman", "male vocal", "no vocal",
            "pop", "soft", "sitar", "solo", "man", "classic", "choir", "voice", "new age", "dance", "male voice",
            "female vocal", "beats", "harp", "cello", "no voice", "weird", "country", "metal", "female voice", "choral");
    static final Set<String> EXCLUDED = Set.of("35644", "55753", "57881");
    static final String ANNOTATIONS = "annotations_final.csv";
    static final CSVFormat FORMAT = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setQuote('"').get();

    @Override
    public String id() {
        return "magnatagatune";
    }

    @Override
    public TaskSpec spec(String variant) {
        return Protocol.task(id(), variant).domain(Domain.MUSIC)
                .classes(Protocol.classes("tag", TAGS))
                .multiLabel(Metric.MAP, HeadType.SIGMOID)
                .crops(3.0)
                .schedule(20_000, 128)
                .source("split", "musicnn-training index: folders 0-b train, c valid, d-f test; 35644, 55753, 57881 excluded")
                .source("classes", "the top-50 tags of musicnn's output_labels_mtt.txt, no synonym merging")
                .source("head", "sigmoid/BCE linear head (paper: mAP; head unstated)")
                .build();
    }

    @Override
    public String layout() {
        return """
                ROOT/annotations_final.csv   tab-separated: clip_id, 188 tag columns, mp3_path
                ROOT/0/ ... ROOT/f/          the MP3s of mp3.zip.001-003 (concatenated and unzipped here)""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return Map.of(Split.TRAIN, 18_706, Split.VALID, 1_825, Split.TEST, 5_329);
    }

    static Split splitOfFolder(char folder) {
        if ((folder >= '0' && folder <= '9') || folder == 'a' || folder == 'b') {
            return Split.TRAIN;
        }
        if (folder == 'c') {
            return Split.VALID;
        }
        if (folder >= 'd' && folder <= 'f') {
            return Split.TEST;
        }
        return null;
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        Path csv = scan.metadata(ANNOTATIONS, "MagnaTagATune annotations");
        List<String> columns = new ArrayList<>(List.of("clip_id", "mp3_path"));
        columns.addAll(TAGS);
        List<Clip> clips = new ArrayList<>();
        Csv.read(csv, FORMAT, columns, row -> {
            String id = row.get("clip_id");
            String mp3 = row.get("mp3_path");
            scan.uniqueId(id, csv);
            int slash = mp3.indexOf('/');
            Split split = slash == 1 ? splitOfFolder(mp3.charAt(0)) : null;
            if (split == null) {
                throw row.error("mp3_path '" + mp3 + "' is not in one of the folders 0-9, a-f");
            }
            Path file = scan.root().resolve(mp3);
            if (EXCLUDED.contains(id)) {
                scan.files.claim(file);
                scan.note("known bad clips excluded (35644, 55753, 57881)", 1);
                return;
            }
            int[] tags = new int[TAGS.size()];
            int n = 0;
            for (int t = 0; t < TAGS.size(); t++) {
                String v = row.get(TAGS.get(t));
                if (v.equals("1")) {
                    tags[n++] = t;
                } else if (!v.equals("0")) {
                    throw row.error("tag '" + TAGS.get(t) + "': expected 0 or 1, found '" + v + "'");
                }
            }
            if (n == 0) {
                scan.note("clips with none of the top-50 tags (kept, as musicnn does)", 1);
            }
            if (scan.audio(file, csv)) {
                clips.add(new Clip(id, file, Segment.WHOLE, split, 0, new Labels.Multi(java.util.Arrays.copyOf(tags, n))));
            }
        });
        return new LoadedTask(spec, scan.root(), clips, scan.report());
    }
}
