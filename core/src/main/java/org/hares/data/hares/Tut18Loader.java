package org.hares.data.hares;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;

/**
 * TUT Urban Acoustic Scenes 2018 (task 1A development set). The user's split file, else the seeded
 * stratified clip-level fallback ({@code random}), or the official location-disjoint
 * {@code fold1}; both fallbacks are not comparable with the paper (tasks.md decision 2).
 */
final class Tut18Loader implements TaskLoader {

    static final List<String> SCENES = List.of("airport", "bus", "metro", "metro_station", "park", "public_square",
            "shopping_mall", "street_pedestrian", "street_traffic", "tram");
    static final String META = "meta.csv";
    static final String FOLD1_TRAIN = "evaluation_setup/fold1_train.txt";
    static final String FOLD1_EVALUATE = "evaluation_setup/fold1_evaluate.txt";

    @Override
    public String id() {
        return "tut18";
    }

    @Override
    public List<String> variants() {
        return List.of(TaskRef.DEFAULT_VARIANT, "random", "fold1");
    }

    @Override
    public String defaultVariant() {
        return "random";
    }

    @Override
    public boolean acceptsSplitFile() {
        return true;
    }

    @Override
    public TaskSpec spec(String variant) {
        Protocol.Builder b = Protocol.task(id(), variant).domain(Domain.ENVIRONMENT)
                .classes(Protocol.classes("scene", SCENES))
                .crops(5.0)
                .source("audio", "48 kHz binaural: mixed down to mono and resampled to 16 kHz by the audio reader");
        return switch (variant) {
            case "random" -> b.fallbackRandomSplit().build();
            case "fold1" -> b.source("split", "official fold1 (location-disjoint): fold1_train.txt / fold1_evaluate.txt")
                    .notComparable("official location-disjoint fold1; the paper's split is random at clip level")
                    .build();
            default -> b.source("split", "the user's split file (file,split), e.g. the Tagliasacchi et al. split").build();
        };
    }

    @Override
    public String layout() {
        return """
                ROOT = TUT-urban-acoustic-scenes-2018-development/
                  meta.csv                 tab-separated: filename, scene_label, identifier, source_label
                  audio/<scene>-<city>-<location>-<segment>-<device>.wav   8,640 clips of 10 s
                  evaluation_setup/fold1_train.txt, fold1_evaluate.txt     (variant fold1)
                split file (optional, --split-file): CSV 'file,split', e.g. audio/airport-barcelona-0-0-a.wav,test
                without one: variant random (seeded stratified clip split) or fold1; neither comparable with the paper""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return variant.equals("fold1") ? Map.of(Split.TRAIN, 6_122, Split.TEST, 2_518) : Map.of();
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        Path meta = scan.metadata(META, "TUT18 metadata table");
        List<BirdsongLoader.Item> items = new ArrayList<>();
        java.util.Set<String> listed = new java.util.HashSet<>();
        Csv.read(meta, Csv.TAB, List.of("filename", "scene_label"), row -> {
            String rel = row.get("filename");
            String scene = row.get("scene_label");
            int label = SCENES.indexOf(scene);
            if (label < 0) {
                throw row.error("scene_label '" + scene + "' is not one of " + SCENES);
            }
            scan.uniqueId(rel, meta);
            listed.add(rel);
            Path file = scan.root().resolve(rel);
            if (scan.audio(file, meta)) {
                items.add(new BirdsongLoader.Item(rel, file, label));
            }
        });
        scan.note(META + " clips (official 8640)", listed.size());
        if (!spec.ref().variant().equals("fold1")) {
            return new LoadedTask(spec, scan.root(), BirdsongLoader.assign(items, listed, selection, scan), scan.report());
        }
        Map<String, Split> fold = new HashMap<>();
        readFold(scan.metadata(FOLD1_TRAIN, "fold1 training list"), Split.TRAIN, fold, meta, listed);
        readFold(scan.metadata(FOLD1_EVALUATE, "fold1 evaluation list"), Split.TEST, fold, meta, listed);
        List<Clip> clips = new ArrayList<>();
        long outside = 0;
        for (BirdsongLoader.Item i : items) {
            Split s = fold.get(i.rel());
            if (s == null) {
                outside++;
                continue;
            }
            clips.add(new Clip(i.rel(), i.file(), Segment.WHOLE, s, 0, new Labels.Single(i.label())));
        }
        scan.note("clips in neither fold1 list (left out)", outside);
        return new LoadedTask(spec, scan.root(), clips, scan.report());
    }

    private static void readFold(Path list, Split split, Map<String, Split> fold, Path meta, java.util.Set<String> known) {
        long lineNo = 0;
        for (String line : Csv.lines(list)) {
            lineNo++;
            String rel = line.split("\t")[0].trim();
            if (lineNo == 1 && rel.equals("filename")) {
                continue;
            }
            if (!known.contains(rel)) {
                throw new DatasetLayoutException(list, "line " + lineNo + ": '" + rel + "' is not a clip of " + meta);
            }
            if (fold.put(rel, split) != null) {
                throw new DatasetLayoutException(list, "line " + lineNo + ": '" + rel + "' is listed twice in fold1");
            }
        }
    }
}
