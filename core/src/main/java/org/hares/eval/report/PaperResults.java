package org.hares.eval.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Published per-task numbers from the HARES paper (arXiv 2111.12124 v2, Table 4; accuracy %, mAP
 * ×100), printed beside a run in {@code results.md}: Slowfast NFNet-F0 and the authors' own runs of
 * BYOL-A and PANNs-CNN14 (the "(ours)" columns).
 */
public enum PaperResults {
    SLOWFAST_NFNET_F0("SF NFNet-F0 (paper)", 37.8, 77.6, 96.8, 91.1, 91.7, 93.0, 90.4, 64.9, 46.1, 88.0, 78.2, 39.5),
    BYOL_A_OURS("BYOL-A (HARES authors)", 26.1, 77.1, 76.3, 82.3, 90.1, 89.7, 83.9, 39.5, 31.3, 71.4, 73.6, 37.1),
    PANNS_CNN14_OURS("PANNs-CNN14 (HARES authors)", 37.8, 78.0, 88.9, 93.6, 71.4, 76.4, 78.5, 30.9, 22.8, 58.4, 71.4, 39.4);

    /** Task ids in the order of Table 4's rows. */
    public static final List<String> TABLE_ORDER = Rows.ORDER;

    private static final class Rows {
        static final List<String> ORDER = List.of("audioset", "birdsong", "tut18", "esc50",
            "speech_commands_v1", "speech_commands_v2", "voxforge", "voxceleb1", "fluent_speech_commands",
            "nsynth_pitch", "nsynth_instrument", "magnatagatune");
    }

    private final String label;
    private final Map<String, Double> scores = new LinkedHashMap<>();

    PaperResults(String label, double... byTableOrder) {
        this.label = label;
        for (int i = 0; i < byTableOrder.length; i++) {
            scores.put(Rows.ORDER.get(i), byTableOrder[i]);
        }
    }

    public String label() {
        return label;
    }

    /** Task id → published score. */
    public Map<String, Double> scores() {
        return Map.copyOf(scores);
    }

    public double score(String taskId) {
        Double s = scores.get(taskId);
        if (s == null) {
            throw new IllegalArgumentException("no published score for task '" + taskId + "'");
        }
        return s;
    }
}
