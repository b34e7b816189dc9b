package org.hares.model.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import org.hares.model.ArraysTest;
import org.junit.jupiter.api.Test;

/** The activation constants and the tanh form of gelu. */
class TanhGeluTest extends ArraysTest {

    @Test
    void constants() {
        assertThat(TanhGelu.GAMMA).isEqualTo(1.7015043497085571);
        assertThat(TanhGelu.CUBIC).isEqualTo(0.044715);
        assertThat(TanhGelu.TWO_SQRT_2_OVER_PI).isCloseTo(1.5957691216057308, within(1e-15));
        // the tanh form at x = 1: 0.5·(1 + tanh(√(2/π)·1.044715)), by hand 0.8411919906082768
        assertThat(TanhGelu.gelu(1)).isCloseTo(0.8411919906082768, within(1e-15));
    }

    @Test
    void gammaGivesUnitVarianceForStandardNormalInputs() {
        // Var[gelu(z)] for z ~ N(0, 1) by Simpson's rule; NFNets' gamma is 1/std, estimated by sampling (±1e-3)
        int n = 200_000;
        double a = -12;
        double step = 24.0 / n;
        double m1 = 0;
        double m2 = 0;
        for (int i = 0; i <= n; i++) {
            double z = a + i * step;
            double wgt = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            double p = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
            double g = TanhGelu.gelu(z);
            m1 += wgt * g * p;
            m2 += wgt * g * g * p;
        }
        m1 *= step / 3;
        m2 *= step / 3;
        assertThat(1 / Math.sqrt(m2 - m1 * m1)).isCloseTo(TanhGelu.GAMMA, within(1e-3));
    }

    @Test
    void tensorFormsMatchTheFormulaInBothModesAndLeaveTheInputAlone() {
        double[] xs = {-6, -3, -1.5, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 2.5, 6};
        NDArray x = manager.create(xs);
        for (boolean training : new boolean[] {false, true}) {
            double[] y = TanhGelu.apply(x, TanhGelu.GAMMA, training).toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                assertThat(y[i]).isCloseTo(TanhGelu.GAMMA * TanhGelu.gelu(xs[i]), within(1e-14));
            }
        }
        assertThat(x.toDoubleArray()).containsExactly(xs);
    }

    @Test
    void isNotTheErfForm() {
        // exact gelu(1) = Φ(1) = 0.8413447460685429; the tanh form differs by 1.5e-4
        double y = TanhGelu.apply(manager.create(new double[] {1}), 1.0, false).toDoubleArray()[0];
        assertThat(Math.abs(y - 0.8413447460685429)).isGreaterThan(1e-4);
    }
}
