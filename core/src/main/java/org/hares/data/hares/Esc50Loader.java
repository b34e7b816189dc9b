package org.hares.data.hares;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hares.data.Clip;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.HeadType;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.TaskSpec;

/** ESC-50 (karolpiczak/ESC-50): 2,000 five-second clips, 50 classes, 5 official folds. */
final class Esc50Loader implements TaskLoader {

    /** The 50 categories in {@code target} order (meta/esc50.csv). */
    static final List<String> CATEGORIES = List.of(
            "dog", "rooster", "pig", "cow", "frog", "cat", "hen", "insects", "sheep", "crow",
            "rain", "sea_waves", "crackling_fire", "crickets", "chirping_birds", "water_drops", "wind", "pouring_water",
            "toilet_flush", "thunderstorm",
            "crying_baby", "sneezing", "clapping", "breathing", "coughing", "footsteps", "laughing", "brushing_teeth",
            "snoring", "drinking_sipping",
            "door_wood_knock", "mouse_click", "keyboard_typing", "door_wood_creaks", "can_opening", "washing_machine",
            "vacuum_cleaner", "clock_alarm", "clock_tick", "glass_breaking",
            "helicopter", "chainsaw", "siren", "car_horn", "engine", "train", "church_bells", "airplane", "fireworks",
            "hand_saw");
    static final String METADATA = "meta/esc50.csv";
    static final int FOLDS = 5;

    @Override
    public String id() {
        return "esc50";
    }

    @Override
    public TaskSpec spec(String variant) {
        return Protocol.task(id(), variant)
                .domain(Domain.ENVIRONMENT)
                .classes(Protocol.classes("category", CATEGORIES))
                .head(HeadType.SVM)
                .windowing(5.0, new org.hares.data.Windowing.Consecutive(5.0))
                .schedule(0, 0)
                .source("split", "the 5 official folds; C picked on fold 1, accuracy averaged over the 5 folds (paper §2.4)")
                .source("head", "linear SVM (LIBLINEAR) by default; the paper says scikit-learn SVM without the kind (tasks.md decision 8)")
                .source("svm.c_sweep", "3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2 (paper §2.4)")
                .source("augmentation", "none by default; the paper's '10 epochs worth of augmented samples' are unspecified (decision 8)")
                .source("train.crop", "the full 5-s clip (paper App. A)")
                .build();
    }

    @Override
    public String layout() {
        return """
                ROOT = the ESC-50-master folder (github.com/karolpiczak/ESC-50)
                  meta/esc50.csv     columns filename,fold,target,category,esc10,src_file,take
                  audio/<fold>-<clip>-<take>-<target>.wav   2,000 clips, 5 s, 44.1 kHz
                clips carry their fold 1-5 (split 'train'; the evaluation holds out one fold at a time)""";
    }

    @Override
    public Map<Split, Integer> officialCounts(String variant) {
        return Map.of(Split.TRAIN, 2000);
    }

    @Override
    public LoadedTask load(DatasetSelection selection, TaskSpec spec, Scan scan) {
        Path csv = scan.metadata(METADATA, "ESC-50 metadata table");
        Path audio = scan.root().resolve("audio");
        List<Clip> clips = new ArrayList<>();
        Csv.read(csv, Csv.COMMA, List.of("filename", "fold", "target", "category"), row -> {
            String name = row.get("filename");
            int fold = Numbers.intIn(row, "fold", 1, FOLDS);
            int target = Numbers.intIn(row, "target", 0, CATEGORIES.size() - 1);
            String category = row.get("category");
            if (!CATEGORIES.get(target).equals(category)) {
                throw row.error("category '" + category + "' does not match target " + target
                        + " (expected '" + CATEGORIES.get(target) + "')");
            }
            scan.uniqueId(name, csv);
            Path file = audio.resolve(name);
            if (scan.audio(file, csv)) {
                clips.add(new Clip(name, file, Segment.WHOLE, Split.TRAIN, fold, new Labels.Single(target)));
            }
        });
        return new LoadedTask(spec, scan.root(), clips, scan.report());
    }
}
