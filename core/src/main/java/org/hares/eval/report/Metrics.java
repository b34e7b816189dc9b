package org.hares.eval.report;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The evaluation metrics, with scikit-learn's semantics so numbers line up with Python tools:
 * accuracy, average precision ({@code average_precision_score}: step-wise precision-recall, ties
 * grouped at each distinct score), ROC-AUC ({@code roc_auc_score}, ties counted one half) and
 * d′ = √2·Φ⁻¹(AUC).
 */
public final class Metrics {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private Metrics() {}

    /** Fraction of positions where the prediction equals the truth. */
    public static double accuracy(int[] predicted, int[] truth) {
        requireSameLength(predicted.length, truth.length);
        if (truth.length == 0) {
            throw new IllegalArgumentException("accuracy of an empty test set");
        }
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return correct / (double) truth.length;
    }

    /** Index of the largest score in each row of a row-major {@code n × classes} matrix (first on ties). */
    public static int[] argmax(float[] scores, int classes) {
        int n = scores.length / classes;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Average precision of one class; NaN when it has no positive. */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        requireSameLength(scores.length, positive.length);
        int totalPositives = count(positive);
        if (totalPositives == 0) {
            return Double.NaN;
        }
        Integer[] order = descending(scores);
        double ap = 0;
        double previousRecall = 0;
        int tp = 0;
        int seen = 0;
        int i = 0;
        while (i < order.length) {
            double threshold = scores[order[i]];
            while (i < order.length && scores[order[i]] == threshold) {
                if (positive[order[i]]) {
                    tp++;
                }
                seen++;
                i++;
            }
            double recall = tp / (double) totalPositives;
            ap += (recall - previousRecall) * (tp / (double) seen);
            previousRecall = recall;
        }
        return ap;
    }

    /** ROC-AUC of one class (Mann–Whitney with mid-ranks); NaN unless both classes occur. */
    public static double rocAuc(double[] scores, boolean[] positive) {
        requireSameLength(scores.length, positive.length);
        int p = count(positive);
        int n = positive.length - p;
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        Integer[] order = descending(scores);
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                j++;
            }
            // ascending ranks of positions i..j-1 (descending order) are length-j+1 .. length-i
            double midRank = order.length - (i + j - 1) / 2.0;
            for (int k = i; k < j; k++) {
                if (positive[order[k]]) {
                    rankSum += midRank;
                }
            }
            i = j;
        }
        return (rankSum - p * (p + 1) / 2.0) / ((double) p * n);
    }

    /** d′ = √2·Φ⁻¹(auc), the sensitivity index AudioSet papers report beside mAP. */
    public static double dPrime(double auc) {
        if (!(auc >= 0 && auc <= 1)) {
            throw new IllegalArgumentException("AUC must be in [0, 1], got " + auc);
        }
        return Math.sqrt(2) * STANDARD_NORMAL.inverseCumulativeProbability(auc);
    }

    /**
     * Macro averages over the classes of a multi-label prediction ({@code n × classes}
     * row-major scores, {@code truth[i][c]}): mAP over classes with at least one positive,
     * ROC-AUC over classes with both positives and negatives, and d′ of that AUC.
     */
    public static MultiLabelScores multiLabel(float[] scores, boolean[][] truth, int classes) {
        int n = truth.length;
        requireSameLength(scores.length, n * classes);
        double apSum = 0;
        int apClasses = 0;
        double aucSum = 0;
        int aucClasses = 0;
        double[] column = new double[n];
        boolean[] positive = new boolean[n];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < n; i++) {
                column[i] = scores[i * classes + c];
                positive[i] = truth[i][c];
            }
            double ap = averagePrecision(column, positive);
            if (!Double.isNaN(ap)) {
                apSum += ap;
                apClasses++;
            }
            double auc = rocAuc(column, positive);
            if (!Double.isNaN(auc)) {
                aucSum += auc;
                aucClasses++;
            }
        }
        if (apClasses == 0) {
            throw new IllegalArgumentException("no class has a positive example in the test set");
        }
        double meanAuc = aucClasses == 0 ? Double.NaN : aucSum / aucClasses;
        return new MultiLabelScores(apSum / apClasses, classes - apClasses, meanAuc,
                Double.isNaN(meanAuc) ? Double.NaN : dPrime(meanAuc));
    }

    /**
     * Macro scores of a multi-label prediction.
     *
     * @param meanAveragePrecision macro mAP over the classes with a positive
     * @param classesLeftOut       classes without any positive in the test set (not in the mAP)
     * @param rocAuc               macro ROC-AUC over the classes with positives and negatives
     * @param dPrime               √2·Φ⁻¹ of that AUC
     */
    public record MultiLabelScores(double meanAveragePrecision, int classesLeftOut, double rocAuc, double dPrime) {}

    private static Integer[] descending(double[] scores) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        return order;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
    }

    private static void requireSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("length mismatch: " + a + " vs " + b);
        }
    }
}
