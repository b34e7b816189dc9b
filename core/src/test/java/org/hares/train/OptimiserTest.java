package org.hares.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam against torch.optim.Adam, the schedule's corner values, AGC on a known case. */
class OptimiserTest {

    @Test
    void adamMatchesTorchOptimAdamAndItsStateRoundTrips() {
        // expected: core/src/test/resources/train/adam_check.py (torch 1.13 torch.optim.Adam)
        float[] expected = {0.81812513f, 0.90088153f, 0.15222092f, -0.72174758f, -0.93042302f, -0.26283026f,
            0.65469682f, 0.95419699f, 0.37965593f, -0.56708235f, -1.00794721f, -0.52515930f};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] w0 = new float[12];
            for (int i = 0; i < w0.length; i++) {
                w0[i] = (float) Math.sin(i + 1);
            }
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(12)).build();
            p.setInitializer((mm, s, t) -> mm.create(w0, s));
            p.initialize(m, DataType.FLOAT32);
            List<TrainingModel.Named> params = List.of(new TrainingModel.Named("w", p, true));
            try (Adam adam = new Adam(m)) {
                for (int t = 0; t < 4; t++) {
                    float[] g = new float[12];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = (float) Math.cos(0.7 * i + t);
                    }
                    try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                        gc.backward(p.getArray().mul(m.create(g)).sum());
                    }
                    adam.step(params, 0.01f);
                    p.getArray().getGradient().subi(p.getArray().getGradient());
                }
                assertThat(p.getArray().toFloatArray()).containsExactly(expected, within(2e-6f));
                try (Adam restored = new Adam(m)) {
                    restored.restore(adam.state(), params);
                    assertThat(restored.updates()).isEqualTo(4);
                    assertThat(restored.state()).isEqualTo(adam.state());
                }
            }
        }
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysByCosineToZero() {
        LearningRateSchedule s = new LearningRateSchedule(1e-4f, 10, 110);
        assertThat(s.rate(1)).isCloseTo(1e-5f, within(1e-9f));
        assertThat(s.rate(5)).isCloseTo(5e-5f, within(1e-9f));
        assertThat(s.rate(10)).isCloseTo(1e-4f, within(1e-9f));
        assertThat(s.rate(60)).isCloseTo(5e-5f, within(1e-9f));
        assertThat(s.rate(110)).isCloseTo(0f, within(1e-9f));
        assertThat(new LearningRateSchedule(1e-4f, 0, 4).rate(2)).isCloseTo(5e-5f, within(1e-9f));
    }

    @Test
    void agcScalesOnlyUnitsWhoseGradientIsLargeAgainstTheirWeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two output units: row norms 1 and 2; gradient norms 10 and 0.001
            NDArray w = m.create(new float[] {0.6f, 0.8f, 0f, 2f}, new Shape(2, 2));
            NDArray g = m.create(new float[] {6f, 8f, 0.001f, 0f}, new Shape(2, 2));
            AdaptiveGradientClipping.clip(w, g, 0.01f);
            assertThat(g.toFloatArray()).containsExactly(new float[] {0.006f, 0.008f, 0.001f, 0f}, within(1e-7f));
            NDArray scalar = m.create(0f);
            NDArray gs = m.create(5f);
            AdaptiveGradientClipping.clip(scalar, gs, 0.01f);
            // weight norm floored at 1e-3: at most 1e-5
            assertThat(gs.getFloat()).isCloseTo(1e-5f, within(1e-9f));
        }
    }

    @Test
    void configSurvivesItsJsonFile() {
        PretrainConfig c = TrainFixtures.config(Objective.SUPERVISED, List.of("esc50=/data/ESC-50-master"), null, 9);
        assertThat(PretrainConfig.fromJson(c.toJson())).isEqualTo(c);
        assertThat(c.toJson()).contains("\"objective\" : \"supervised\"", "\"micro_batch\" : 8", "\"audio\" : null");
    }
}
