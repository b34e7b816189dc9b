package org.hares.eval.heads;

import org.hares.eval.EvalFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.Map;
import org.hares.data.Metric;
import org.hares.io.NpyArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast protocol's head against scikit-learn at the same C on the same embeddings ({@code eval/logreg_check.py}):
 * the objective reached and the test score.
 */
class LogisticRegressionTest {

    private static final Map<String, NpyArray> FIXTURE = EvalFixtures.npz("logreg_fixture.npz");
    private static final JsonObject EXPECTED = EvalFixtures.json("logreg_expected.json");

    @ParameterizedTest
    @ValueSource(strings = {"0.001", "0.01", "0.1", "1.0"})
    void multinomialAccuracyWithinOnePointOfScikitLearn(String c) {
        EmbeddingSet train = oneRowPerClip("x_train", singleTargets("y_train"), OutputLayout.softmax(10));
        EmbeddingSet test = oneRowPerClip("x_test", singleTargets("y_test"), OutputLayout.softmax(10));
        try (LogisticRegression lr = LogisticRegression.of(train, false)) {
            LogisticRegression.Fit fit = lr.fit(Double.parseDouble(c), null, 1000);
            assertThat(fit.result().iterations()).isLessThan(1000);
            assertThat(fit.result().value()).isCloseTo(EXPECTED.getAsJsonObject("objective").get(c).getAsDouble(), within(1e-4));
            double accuracy = ClipScorer.score(Metric.ACCURACY, fit.head().clipScores(test), test).value();
            assertThat(accuracy).isCloseTo(EXPECTED.getAsJsonObject("accuracy").get(c).getAsDouble(), within(0.01));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.001", "0.1"})
    void sigmoidMapWithinOnePointOfOneVsRestScikitLearn(String c) {
        EmbeddingSet train = oneRowPerClip("x_train", multiTargets("t_train"), OutputLayout.sigmoid(6));
        EmbeddingSet test = oneRowPerClip("x_test", multiTargets("t_test"), OutputLayout.sigmoid(6));
        try (LogisticRegression lr = LogisticRegression.of(train, false)) {
            LogisticRegression.Fit fit = lr.fit(Double.parseDouble(c), null, 1000);
            assertThat(fit.result().value())
                    .isCloseTo(EXPECTED.getAsJsonObject("sigmoid_objective").get(c).getAsDouble(), within(1e-4));
            double map = ClipScorer.score(Metric.MAP, fit.head().clipScores(test), test).value();
            assertThat(map).isCloseTo(EXPECTED.getAsJsonObject("mAP").get(c).getAsDouble(), within(0.01));
        }
    }

    private static EmbeddingSet oneRowPerClip(String key, float[] targets, OutputLayout layout) {
        NpyArray x = FIXTURE.get(key);
        int rows = (int) x.shape()[0];
        int[] starts = new int[rows + 1];
        for (int i = 0; i <= rows; i++) {
            starts[i] = i;
        }
        return new EmbeddingSet(x.toFloats(), (int) x.shape()[1], starts, targets, layout);
    }

    private static float[] singleTargets(String key) {
        long[] y = FIXTURE.get(key).toLongs();
        float[] out = new float[y.length * 10];
        for (int i = 0; i < y.length; i++) {
            out[i * 10 + (int) y[i]] = 1;
        }
        return out;
    }

    private static float[] multiTargets(String key) {
        long[] t = FIXTURE.get(key).toLongs();
        float[] out = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = t[i];
        }
        return out;
    }
}
