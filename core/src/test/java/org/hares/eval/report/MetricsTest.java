package org.hares.eval.report;

import org.hares.eval.EvalFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.Map;
import org.hares.io.NpyArray;
import org.junit.jupiter.api.Test;

/** Metrics against scikit-learn and scipy on fixed predictions ({@code eval/metrics_check.py}). */
class MetricsTest {

    private static final Map<String, NpyArray> FIXTURE = EvalFixtures.npz("metrics_fixture.npz");
    private static final JsonObject EXPECTED = EvalFixtures.json("metrics_expected.json");

    @Test
    void accuracyMatchesScikitLearn() {
        float[] scores = FIXTURE.get("single_scores").toFloats();
        int[] truth = toInts(FIXTURE.get("single_truth").toLongs());
        double accuracy = Metrics.accuracy(Metrics.argmax(scores, 7), truth);
        assertThat(accuracy).isCloseTo(EXPECTED.get("single_accuracy").getAsDouble(), within(1e-12));
    }

    @Test
    void averagePrecisionAndAucPerClassMatchScikitLearnWithTies() {
        float[] scores = FIXTURE.get("multi_scores").toFloats();
        boolean[][] truth = multiTruth();
        JsonObject ap = EXPECTED.getAsJsonObject("ap_per_class");
        JsonObject auc = EXPECTED.getAsJsonObject("auc_per_class");
        for (int c = 0; c < 12; c++) {
            double[] column = new double[truth.length];
            boolean[] positive = new boolean[truth.length];
            for (int i = 0; i < truth.length; i++) {
                column[i] = scores[i * 12 + c];
                positive[i] = truth[i][c];
            }
            String key = Integer.toString(c);
            if (ap.has(key)) {
                assertThat(Metrics.averagePrecision(column, positive)).as("AP class %d", c)
                        .isCloseTo(ap.get(key).getAsDouble(), within(1e-12));
            } else {
                assertThat(Metrics.averagePrecision(column, positive)).isNaN();
            }
            if (auc.has(key)) {
                assertThat(Metrics.rocAuc(column, positive)).as("AUC class %d", c)
                        .isCloseTo(auc.get(key).getAsDouble(), within(1e-12));
            } else {
                assertThat(Metrics.rocAuc(column, positive)).isNaN();
            }
        }
    }

    @Test
    void macroScoresLeaveOutClassesWithoutPositivesAndMatchScikitLearnAndScipy() {
        Metrics.MultiLabelScores s = Metrics.multiLabel(FIXTURE.get("multi_scores").toFloats(), multiTruth(), 12);
        assertThat(s.meanAveragePrecision()).isCloseTo(EXPECTED.get("mAP").getAsDouble(), within(1e-12));
        assertThat(s.classesLeftOut()).isEqualTo(EXPECTED.get("classes_left_out").getAsInt()).isEqualTo(1);
        assertThat(s.rocAuc()).isCloseTo(EXPECTED.get("macro_auc").getAsDouble(), within(1e-12));
        assertThat(s.dPrime()).isCloseTo(EXPECTED.get("d_prime").getAsDouble(), within(1e-9));
    }

    @Test
    void dPrimeMatchesScipy() {
        EXPECTED.getAsJsonObject("d_prime_of").entrySet().forEach(e ->
                assertThat(Metrics.dPrime(Double.parseDouble(e.getKey())))
                        .isCloseTo(e.getValue().getAsDouble(), within(1e-9)));
        assertThatThrownBy(() -> Metrics.dPrime(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    }

    @Test
    void handDerivedCases() {
        // perfect ranking, then the worst ranking, then all tied (AP = prevalence, AUC = 0.5)
        boolean[] truth = {true, false, true, false};
        assertThat(Metrics.averagePrecision(new double[] {0.9, 0.1, 0.8, 0.2}, truth)).isEqualTo(1.0);
        assertThat(Metrics.rocAuc(new double[] {0.1, 0.9, 0.2, 0.8}, truth)).isEqualTo(0.0);
        assertThat(Metrics.averagePrecision(new double[] {1, 1, 1, 1}, truth)).isEqualTo(0.5);
        assertThat(Metrics.rocAuc(new double[] {1, 1, 1, 1}, truth)).isEqualTo(0.5);
        // ranking P N P N: precision at the two positives 1 and 2/3, AP = (1 + 2/3)/2
        assertThat(Metrics.averagePrecision(new double[] {4, 3, 2, 1}, truth)).isCloseTo(5 / 6.0, within(1e-15));
    }

    private static boolean[][] multiTruth() {
        NpyArray t = FIXTURE.get("multi_truth");
        long[] flat = t.toLongs();
        int n = (int) t.shape()[0];
        int c = (int) t.shape()[1];
        boolean[][] out = new boolean[n][c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                out[i][k] = flat[i * c + k] != 0;
            }
        }
        return out;
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }
}
