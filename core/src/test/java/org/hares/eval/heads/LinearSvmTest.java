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

/** The ESC-50 SVM against scikit-learn's {@code LinearSVC} at the same C ({@code eval/logreg_check.py}). */
class LinearSvmTest {

    private static final Map<String, NpyArray> FIXTURE = EvalFixtures.npz("logreg_fixture.npz");
    private static final JsonObject EXPECTED = EvalFixtures.json("logreg_expected.json");

    @ParameterizedTest
    @ValueSource(strings = {"3e-05", "0.001", "0.03"})
    void accuracyWithinOnePointOfLinearSvc(String c) {
        EmbeddingSet train = set("x_train", "y_train");
        EmbeddingSet test = set("x_test", "y_test");
        LinearSvm svm = LinearSvm.train(train, Double.parseDouble(c), 0);
        double accuracy = ClipScorer.score(Metric.ACCURACY, svm.clipScores(test), test).value();
        assertThat(accuracy).isCloseTo(EXPECTED.getAsJsonObject("svm_accuracy").get(c).getAsDouble(), within(0.01));
    }

    static EmbeddingSet set(String xKey, String yKey) {
        NpyArray x = FIXTURE.get(xKey);
        long[] y = FIXTURE.get(yKey).toLongs();
        int rows = y.length;
        int[] starts = new int[rows + 1];
        for (int i = 0; i <= rows; i++) {
            starts[i] = i;
        }
        float[] targets = new float[rows * 10];
        for (int i = 0; i < rows; i++) {
            targets[i * 10 + (int) y[i]] = 1;
        }
        return new EmbeddingSet(x.toFloats(), (int) x.shape()[1], starts, targets, OutputLayout.softmax(10));
    }
}
