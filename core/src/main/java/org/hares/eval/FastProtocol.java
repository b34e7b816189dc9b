package org.hares.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.hares.data.Metric;

/**
 * The fast protocol's head (not comparable with the paper): L2 logistic regression fitted with
 * L-BFGS at each C of a grid, strongest regularisation first and warm-started, C chosen by the task
 * metric on validation (a seeded 10 % of the training clips when there is no validation split, then
 * refitted on all of train at that C).
 */
public final class FastProtocol {

    private FastProtocol() {}

    /**
     * A fitted head.
     *
     * @param head  the classifier
     * @param extra chosen C and the validation score of every C (percent)
     */
    public record Fitted(DenseHead head, Map<String, Object> extra) {}

    public static Fitted fit(Metric metric, EmbeddingSet train, Optional<EmbeddingSet> valid, List<Double> cGrid,
            int maxIterations, long seed) {
        EmbeddingSet fit = train;
        EmbeddingSet check;
        boolean heldOut = valid.isEmpty();
        if (heldOut) {
            Holdout h = holdout(train, seed);
            fit = h.fit();
            check = h.check();
        } else {
            check = valid.get();
        }
        double bestC = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        DenseHead bestHead = null;
        double[] bestTheta = null;
        Map<String, Object> sweep = new LinkedHashMap<>();
        List<Double> ordered = cGrid.stream().sorted().toList();
        try (LogisticRegression lr = LogisticRegression.of(fit, true)) {
            double[] warm = null;
            for (double c : ordered) {
                LogisticRegression.Fit f = lr.fit(c, warm, maxIterations);
                warm = f.result().theta();
                double score = ClipScorer.score(metric, f.head().clipScores(check), check).value();
                sweep.put(Double.toString(c), 100 * score);
                if (score > bestScore) {
                    bestScore = score;
                    bestC = c;
                    bestHead = f.head();
                    bestTheta = warm;
                }
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fast_c", bestC);
        extra.put("fast_validation_scores", sweep);
        extra.put("fast_validation", heldOut ? "seeded 10% of train" : "validation split");
        if (heldOut) {
            try (LogisticRegression lr = LogisticRegression.of(train, true)) {
                bestHead = lr.fit(bestC, bestTheta, maxIterations).head();
            }
        }
        return new Fitted(bestHead, extra);
    }

    /**
     * Training clips split for model selection.
     *
     * @param fit   the clips to fit on
     * @param check the held-out clips
     */
    public record Holdout(EmbeddingSet fit, EmbeddingSet check) {}

    /** A seeded 10 % of the clips (at least one) held out for model selection. */
    public static Holdout holdout(EmbeddingSet train, long seed) {
        int n = train.clips();
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 training clips to hold out a validation part, got " + n);
        }
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int k = Math.max(1, n / 10);
        int[] check = Arrays.copyOfRange(order, 0, k);
        int[] fit = Arrays.copyOfRange(order, k, n);
        Arrays.sort(check);
        Arrays.sort(fit);
        return new Holdout(train.subset(fit), train.subset(check));
    }
}
