package org.hares.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hares.data.Clip;
import org.hares.data.Domain;
import org.hares.data.HeadType;
import org.hares.data.LabelSpace;
import org.hares.data.Labels;
import org.hares.data.Metric;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;
import org.hares.testing.WavFiles;

/**
 * Synthetic tasks with a known answer: each class is a pure tone far from the others in the
 * mel scale (300, 1200, 4000 Hz) plus a little noise, so log-mel statistics separate the classes
 * perfectly and every head must reach 100 %.
 */
final class ToneTasks {

    static final double[] TONES = {300, 1200, 4000};

    private ToneTasks() {}

    record ToneTask(TaskSpec spec, Path root, List<Clip> clips) implements Task {}

    /** Single-label, train/test split; 2-s clips, 1-s crops and eval windows. */
    static ToneTask singleLabel(Path root, String id, HeadType head, int perClassTrain, int perClassTest) {
        return singleLabel(root, id, head, perClassTrain, perClassTest, 2.0);
    }

    /** Single-label, train/test split, clips of the given length; 1-s crops and eval windows. */
    static ToneTask singleLabel(Path root, String id, HeadType head, int perClassTrain, int perClassTest, double clipSeconds) {
        TaskSpec spec = spec(id, head, false, Metric.ACCURACY);
        List<Clip> clips = new ArrayList<>();
        Random rng = new Random(id.hashCode());
        for (Split split : new Split[] {Split.TRAIN, Split.TEST}) {
            int n = split == Split.TRAIN ? perClassTrain : perClassTest;
            for (int k = 0; k < TONES.length; k++) {
                for (int i = 0; i < n; i++) {
                    String name = split.id() + "-" + k + "-" + i;
                    Path file = WavFiles.float32(dir(root).resolve(name + ".wav"), 16000, tones(rng, clipSeconds, k));
                    clips.add(new Clip(name, file, Segment.WHOLE, split, 0, new Labels.Single(k)));
                }
            }
        }
        return new ToneTask(spec, root, clips);
    }

    /** Single-label with five folds (every clip in one fold), like ESC-50. */
    static ToneTask folded(Path root, String id, HeadType head) {
        TaskSpec spec = spec(id, head, false, Metric.ACCURACY);
        List<Clip> clips = new ArrayList<>();
        Random rng = new Random(5);
        for (int fold = 1; fold <= 5; fold++) {
            for (int k = 0; k < TONES.length; k++) {
                String name = "f" + fold + "-" + k;
                Path file = WavFiles.float32(dir(root).resolve(name + ".wav"), 16000, tones(rng, 1.0, k));
                clips.add(new Clip(name, file, Segment.WHOLE, Split.TEST, fold, new Labels.Single(k)));
            }
        }
        return new ToneTask(spec, root, clips);
    }

    /** Multi-label: each clip holds one or two of the tones; the tags are the tones present. */
    static ToneTask multiLabel(Path root, String id) {
        TaskSpec spec = spec(id, HeadType.SIGMOID, true, Metric.MAP);
        int[][] combos = {{0}, {1}, {2}, {0, 1}, {1, 2}, {0, 2}};
        List<Clip> clips = new ArrayList<>();
        Random rng = new Random(9);
        for (Split split : new Split[] {Split.TRAIN, Split.TEST}) {
            int repeats = split == Split.TRAIN ? 4 : 1;
            for (int r = 0; r < repeats; r++) {
                for (int c = 0; c < combos.length; c++) {
                    String name = split.id() + "-" + c + "-" + r;
                    Path file = WavFiles.float32(dir(root).resolve(name + ".wav"), 16000, tones(rng, 2.0, combos[c]));
                    clips.add(new Clip(name, file, Segment.WHOLE, split, 0, new Labels.Multi(combos[c])));
                }
            }
        }
        return new ToneTask(spec, root, clips);
    }

    private static Path dir(Path root) {
        try {
            return java.nio.file.Files.createDirectories(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, Domain> suite(String... ids) {
        Map<String, Domain> m = new LinkedHashMap<>();
        for (String id : ids) {
            m.put(id, Domain.ENVIRONMENT);
        }
        return m;
    }

    private static TaskSpec spec(String id, HeadType head, boolean multi, Metric metric) {
        return new TaskSpec(new TaskRef(id, TaskRef.DEFAULT_VARIANT), Domain.ENVIRONMENT,
                List.of(new LabelSpace("tones", List.of("low", "mid", "high"))), multi, metric, head, 1.0,
                new Windowing.Consecutive(1.0), 400_000, 64, true, Map.of("construction", "synthetic tones"));
    }

    private static float[] tones(Random rng, double seconds, int... classes) {
        int n = (int) (seconds * 16000);
        float[] x = new float[n];
        for (int k : classes) {
            double phase = rng.nextDouble() * 2 * Math.PI;
            double hz = TONES[k] * (1 + 0.02 * rng.nextGaussian());
            for (int i = 0; i < n; i++) {
                x[i] += (float) (0.3 * Math.sin(2 * Math.PI * hz * i / 16000 + phase));
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] += (float) (0.01 * rng.nextGaussian());
        }
        return x;
    }
}
