package org.hares.eval.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hares.data.Domain;
import org.hares.data.Metric;
import org.hares.data.TaskRef;

/**
 * One task's outcome, scores in percent.
 *
 * @param ref                 task and variant
 * @param domain              its HARES domain; null for a task outside the suite (a HEAR task), never in the score
 * @param metric              headline metric
 * @param score               mean over seeds of the headline metric, in percent
 * @param std                 sample standard deviation over seeds (null with one seed)
 * @param seedScores          the headline metric of every seed, in percent
 * @param comparableWithPaper false for fallback constructions and for the fast protocol
 * @param nTrain              training clips used
 * @param nTest               test clips scored
 * @param extra               secondary numbers (ROC-AUC, d′, classes left out, per-fold scores, chosen C or L2)
 * @param badFiles            clips that failed to decode and were skipped
 * @param provenance          how the number was produced (head, schedule, crops, variant choices)
 */
public record TaskResult(
        TaskRef ref,
        Domain domain,
        Metric metric,
        double score,
        Double std,
        List<Double> seedScores,
        boolean comparableWithPaper,
        int nTrain,
        int nTest,
        Map<String, Object> extra,
        List<String> badFiles,
        Map<String, String> provenance) {

    public TaskResult {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(metric, "metric");
        seedScores = List.copyOf(seedScores);
        extra = Map.copyOf(extra);
        badFiles = List.copyOf(badFiles);
        provenance = Map.copyOf(provenance);
        if (!Double.isFinite(score) || score < 0 || score > 100) {
            throw new IllegalArgumentException(ref + ": score must be a percentage, got " + score);
        }
    }

    public String id() {
        return ref.id();
    }
}
