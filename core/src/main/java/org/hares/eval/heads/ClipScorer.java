package org.hares.eval.heads;

import org.hares.eval.report.Metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hares.data.Metric;

/** Turns clip-level scores (mean over windows) into the task's headline metric and secondary numbers. */
public final class ClipScorer {

    private ClipScorer() {}

    /**
     * A scored prediction.
     *
     * @param value headline metric as a fraction (accuracy or mAP)
     * @param extra secondary numbers for the results file
     */
    public record Scored(double value, Map<String, Object> extra) {}

    /**
     * @param metric     accuracy (argmax per softmax group; correct only if every group is) or mAP
     * @param clipScores clips × width scores (probabilities or decision values)
     * @param test       the clips' targets and layout
     */
    public static Scored score(Metric metric, float[] clipScores, EmbeddingSet test) {
        OutputLayout layout = test.layout();
        float[] targets = test.targets();
        int n = test.clips();
        int w = layout.width();
        return switch (metric) {
            case ACCURACY -> {
                if (layout.sigmoid()) {
                    throw new IllegalArgumentException("accuracy needs softmax groups, got " + layout);
                }
                int correct = 0;
                for (int i = 0; i < n; i++) {
                    boolean all = true;
                    for (int g = 0; g < layout.groupCount() && all; g++) {
                        int start = layout.groupStart(g);
                        int size = layout.groups()[g];
                        int best = start;
                        for (int k = start + 1; k < start + size; k++) {
                            if (clipScores[i * w + k] > clipScores[i * w + best]) {
                                best = k;
                            }
                        }
                        all = targets[i * w + best] > 0.5f;
                    }
                    if (all) {
                        correct++;
                    }
                }
                yield new Scored(correct / (double) n, Map.of());
            }
            case MAP -> {
                boolean[][] truth = new boolean[n][w];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < w; k++) {
                        truth[i][k] = targets[i * w + k] > 0.5f;
                    }
                }
                Metrics.MultiLabelScores s = Metrics.multiLabel(clipScores, truth, w);
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("classes_left_out", s.classesLeftOut());
                extra.put("roc_auc", 100 * s.rocAuc());
                extra.put("d_prime", s.dPrime());
                yield new Scored(s.meanAveragePrecision(), extra);
            }
        };
    }
}
