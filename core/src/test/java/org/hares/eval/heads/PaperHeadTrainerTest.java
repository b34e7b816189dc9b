package org.hares.eval.heads;

import org.hares.eval.EvalFixtures;

import org.hares.Progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.tracker.Tracker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.hares.data.Metric;
import org.hares.io.NpyArray;
import org.junit.jupiter.api.Test;

class PaperHeadTrainerTest {

    private static final Map<String, NpyArray> FIXTURE = EvalFixtures.npz("logreg_fixture.npz");

    @Test
    void scheduleWarmsUpLinearlyThenDecaysByCosineToZero() {
        Tracker t = new PaperSchedule(1000, 64, 2e-4f, 100).tracker();
        assertThat(t.getNewValue(0)).isCloseTo(0f, within(1e-9f));
        assertThat(t.getNewValue(50)).isCloseTo(1e-4f, within(1e-9f));
        assertThat(t.getNewValue(100)).isCloseTo(2e-4f, within(1e-9f));
        assertThat(t.getNewValue(550)).isCloseTo(1e-4f, within(1e-8f)); // half-way through the cosine
        assertThat(t.getNewValue(1000)).isCloseTo(0f, within(1e-9f));
        assertThat(PaperSchedule.of(400_000, 64).warmupSteps()).isEqualTo(5000);
        assertThatThrownBy(() -> new PaperSchedule(10, 64, 2e-4f, 10)).hasMessageContaining("warm-up 10");
    }

    @Test
    void linearHeadLearnsWhatScikitLearnLearnsAndIsDeterministicForASeed() {
        EmbeddingSet train = set("x_train", "y_train");
        EmbeddingSet test = set("x_test", "y_test");
        PaperSchedule schedule = new PaperSchedule(1000, 64, 1e-2f, 100);
        DenseHead head = PaperHeadTrainer.train(train, 0, schedule, 1, Progress.silent());
        double accuracy = ClipScorer.score(Metric.ACCURACY, head.clipScores(test), test).value();
        // scikit-learn's best accuracy on this fixture is 0.91 (logreg_expected.json)
        assertThat(accuracy).isGreaterThanOrEqualTo(0.85);
        StringWriter progress = new StringWriter();
        DenseHead again = PaperHeadTrainer.train(train, 0, schedule, 1, new Progress(new PrintWriter(progress), "head t", 1000, "steps"));
        assertThat(again.w1()).containsExactly(head.w1());
        assertThat(progress.toString()).contains("head t 1000/1000 steps").contains("steps/s").endsWith(System.lineSeparator());
        DenseHead mlp = PaperHeadTrainer.train(train, 16, schedule, 1, Progress.silent());
        assertThat(ClipScorer.score(Metric.ACCURACY, mlp.clipScores(test), test).value()).isGreaterThan(0.8);
    }

    private static EmbeddingSet set(String xKey, String yKey) {
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
