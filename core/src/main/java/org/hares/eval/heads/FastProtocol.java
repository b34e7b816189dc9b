package org.hares.eval.heads;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.hares.data.Metric;

/**
 * The fast protocol's head (not comparable with the paper): L2 logistic regression fitted with
 * L-BFGS at each C of a grid, strongest regularisation first and warm-started, C chosen by the task
 * metric on validation (a seeded 10 % of the training clips when there is no validation split). On
 * large sets the sweep runs on a seeded subset of {@value #SWEEP_CLIPS} training clips (with
 * scikit-learn's scaling of C by the number of samples, the best C carries over), and the chosen C is
 * then fitted on all of train, warm-started. L-BFGS stops at scikit-learn's tolerance or after the
 * iteration cap (its {@code max_iter}); the refit's iterations and convergence are reported.
 */
public final class FastProtocol {

    /** Most training clips the C sweep fits on. */
    public static final int SWEEP_CLIPS = 20_000;

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
        boolean heldOut = valid.isEmpty();
        int[] fitClips;
        EmbeddingSet check;
        if (heldOut) {
            int[][] split = holdoutClips(train.clips(), seed);
            fitClips = split[0];
            check = train.subset(split[1]);
        } else {
            fitClips = IntStream.range(0, train.clips()).toArray();
            check = valid.get();
        }
        boolean subsampled = fitClips.length > SWEEP_CLIPS;
        if (subsampled) {
            int[] picked = sample(fitClips.length, SWEEP_CLIPS, seed);
            for (int i = 0; i < picked.length; i++) {
                picked[i] = fitClips[picked[i]];
            }
            fitClips = picked;
        }
        // only the clips the sweep fits on are copied: on large sets the held-out split's 90 % never is
        EmbeddingSet fit = heldOut || subsampled ? train.subset(fitClips) : train;
        double bestC = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        LogisticRegression.Fit best = null;
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
                    best = f;
                }
            }
        }
        fit = null; // the sweep's copy can go before the refit copies all of train
        if (heldOut || subsampled) {
            try (LogisticRegression lr = LogisticRegression.of(train, true)) {
                best = lr.fit(bestC, best.result().theta(), maxIterations);
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fast_c", bestC);
        extra.put("fast_validation_scores", sweep);
        extra.put("fast_validation", heldOut ? "seeded 10% of train" : "validation split");
        if (subsampled) {
            extra.put("fast_sweep_clips", SWEEP_CLIPS);
        }
        extra.put("fast_iterations", best.result().iterations());
        extra.put("fast_converged", best.result().converged());
        return new Fitted(best.head(), extra);
    }

    private static int[] sample(int n, int k, long seed) {
        int[] order = IntStream.range(0, n).toArray();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] out = Arrays.copyOf(order, k);
        Arrays.sort(out);
        return out;
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
        int[][] split = holdoutClips(train.clips(), seed);
        return new Holdout(train.subset(split[0]), train.subset(split[1]));
    }

    /** Sorted clip indices {fit, check} of {@link #holdout}. */
    private static int[][] holdoutClips(int n, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 training clips to hold out a validation part, got " + n);
        }
        int[] order = IntStream.range(0, n).toArray();
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
        return new int[][] {fit, check};
    }
}
