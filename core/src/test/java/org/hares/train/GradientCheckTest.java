package org.hares.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The autograd gradient against central finite differences of the loss, per parameter array. */
class GradientCheckTest {

    private static final int FRAMES = 101;
    private static final int MELS = 32;

    /** The derivative of the loss along the gradient, (L(w + εĝ) − L(w − εĝ)) / 2ε, is |g|. */
    @Test
    void simclrGradientMatchesFiniteDifferencesAlongItself() {
        PretrainConfig c = TrainFixtures.with(TrainFixtures.config(Objective.SIMCLR, List.of(), java.nio.file.Path.of("/nowhere"), 1),
                4, 8, 1, 1e-3, 0);
        try (TrainingModel model = TrainingModel.create(c, Optional.empty(), Device.cpu())) {
            Batch batch = new Batch(0, 4, 2, FRAMES, MELS, views(4), List.of(), List.of());
            SimclrObjective objective = new SimclrObjective(0.1);
            model.zeroGradients();
            objective.gradients(model, batch, 8, 0);
            List<float[]> gradients = model.parameters().stream().map(p -> p.array().getGradient().toFloatArray()).toList();
            int checked = 0;
            int compared = 0;
            for (int k = 0; k < gradients.size(); k++) {
                TrainingModel.Named p = model.parameters().get(k);
                float[] g = gradients.get(k);
                double norm = 0;
                for (float v : g) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                if (norm == 0 || checked++ % 3 != 0) {
                    continue; // residual branches are off at initialisation (skip_gain = 0); a third of the rest keeps it quick
                }
                float[] w = p.array().toFloatArray();
                double eps = 2e-3 * Math.max(0.03, rms(w)) * Math.sqrt(w.length);
                float up = lossAt(model, objective, batch, p, w, g, eps / norm);
                float down = lossAt(model, objective, batch, p, w, g, -eps / norm);
                double numeric = (up - down) / (2 * eps);
                if (Math.abs(up - down) / 2 < 1e-5) {
                    continue; // below float32 resolution of the loss
                }
                assertThat(numeric).as(p.name()).isCloseTo(norm, org.assertj.core.api.Assertions.within(0.2 * norm));
                compared++;
            }
            assertThat(compared).isGreaterThan(15);
        }
    }

    private static float lossAt(TrainingModel model, SimclrObjective objective, Batch batch, TrainingModel.Named p, float[] w,
            float[] g, double t) {
        float[] moved = w.clone();
        for (int i = 0; i < w.length; i++) {
            moved[i] = (float) (w[i] + t * g[i]);
        }
        NDArray a = p.array();
        a.set(java.nio.FloatBuffer.wrap(moved));
        model.parametersChanged();
        model.zeroGradients();
        float loss = objective.gradients(model, batch, 8, 0).loss();
        a.set(java.nio.FloatBuffer.wrap(w));
        model.parametersChanged();
        return loss;
    }

    private static double rms(float[] w) {
        double s = 0;
        for (float v : w) {
            s += v * v;
        }
        return Math.sqrt(s / w.length);
    }

    private static float[] views(int clips) {
        SplittableRandom r = new SplittableRandom(11);
        int size = clips * FRAMES * MELS;
        float[] x = new float[2 * size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
            x[size + i] = x[i] + 0.5f * (float) r.nextGaussian();
        }
        return x;
    }
}
