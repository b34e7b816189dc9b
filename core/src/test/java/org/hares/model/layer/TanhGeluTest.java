package org.hares.model.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.hares.model.ArraysTest;
import org.hares.model.LibtorchThreads;
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

    @Test
    void theVectorKernelIsWhatTheGoldenTestsRunOnX86() {
        // surefire passes --add-modules jdk.incubator.vector, as the launcher does: float32 inference here
        // (GoldenOutputTest included) goes through VectorGelu
        assumeThat(System.getProperty("os.arch")).isEqualTo("amd64");
        assertThat(TanhGelu.usesVectorKernel()).isTrue();
    }

    @Test
    void float32KernelMatchesLibtorchsOnChannelsLastMapsInPlaceOrNot() {
        // 2·3·37·29 elements: neither a whole number of 2048-element chunks nor of 8 lanes
        NDArray nchw = manager.randomNormal(0, 3, new Shape(2, 3, 37, 29), DataType.FLOAT32);
        NDArray x = TorchOps.run("channels_last", nchw);
        float[] before = x.toFloatArray();
        float[] libtorch = TorchOps.run("gelu_tanh", x, TanhGelu.GAMMA).toFloatArray();

        NDArray fresh = TanhGelu.apply(x, TanhGelu.GAMMA, false);
        assertThat(fresh.getShape()).isEqualTo(x.getShape());
        assertThat(x.toFloatArray()).containsExactly(before);
        float[] viaApply = fresh.toFloatArray();

        NDArray target = x.duplicate();
        NDArray inPlace = TanhGelu.applyInPlace(target, TanhGelu.GAMMA, false);
        if (TanhGelu.usesVectorKernel()) {
            assertThat(inPlace).isSameAs(target);
        }
        float[] viaInPlace = inPlace.toFloatArray();
        for (int i = 0; i < before.length; i++) {
            double exact = TanhGelu.GAMMA * TanhGelu.gelu(before[i]);
            double tolerance = 1e-6 * Math.max(1, Math.abs(exact));
            assertThat((double) viaApply[i]).as("x = %s", before[i]).isCloseTo(exact, within(tolerance));
            // element by element the same arithmetic, wherever an element sits in memory
            assertThat(viaInPlace[i]).isEqualTo(viaApply[i]);
            assertThat((double) libtorch[i]).isCloseTo(exact, within(tolerance));
        }
    }

    @Test
    void float32KernelSplitAcrossTheCallersLibtorchThreadsCoversEveryElement() {
        // 4·5·97·131 = 254,140 elements: 3 parts of an uneven size with 3 intra-op threads
        NDArray x = TorchOps.run("channels_last", manager.randomNormal(0, 2, new Shape(4, 5, 97, 131), DataType.FLOAT32));
        float[] before = x.toFloatArray();
        int threads = LibtorchThreads.ofThisThread();
        float[] y;
        float[] oneThread;
        try {
            LibtorchThreads.setForThisThread(3);
            y = TanhGelu.apply(x, 0.5, false).toFloatArray();
            LibtorchThreads.setForThisThread(1);
            oneThread = TanhGelu.apply(x, 0.5, false).toFloatArray();
        } finally {
            LibtorchThreads.setForThisThread(threads);
        }
        for (int i = 0; i < before.length; i++) {
            double exact = 0.5 * TanhGelu.gelu(before[i]);
            assertThat((double) y[i]).as("element %d", i).isCloseTo(exact, within(1e-6 * Math.max(1, Math.abs(exact))));
        }
        assertThat(y).containsExactly(oneThread);
    }

    @Test
    void float32KernelKeepsNonFiniteValuesAndTakesNonDenseTensors() {
        NDArray x = manager.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -100f, 100f, -0f, 1f});
        float[] y = TanhGelu.applyInPlace(x, 2.0, false).toFloatArray();
        assertThat(y[0]).isNaN();
        assertThat(y[1]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(y[2]).isCloseTo(0f, within(1e-30f));
        assertThat(y[3]).isEqualTo(200f);
        assertThat(y[5]).isCloseTo((float) (2 * TanhGelu.gelu(1)), within(1e-6f));

        // a transposed view is neither contiguous nor channels-last: libtorch's kernel takes it
        NDArray square = manager.randomNormal(new Shape(16, 9));
        NDArray transposed = square.transpose();
        float[] expected = TorchOps.run("gelu_tanh", transposed.duplicate(), 1.0).toFloatArray();
        assertThat(TanhGelu.applyInPlace(transposed, 1.0, false).toFloatArray()).containsExactly(expected);
    }
}
