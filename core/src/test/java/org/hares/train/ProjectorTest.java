package org.hares.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The projector's batch normalisation: against a plain computation, and the property SimCLR on a
 * fresh NFNet needs: a feature offset shared by the whole batch and the embedding's overall size
 * (about 10⁻² at initialisation) do not reach the projection.
 */
class ProjectorTest {

    @Test
    void standardiseGivesEachFeatureZeroMeanAndUnitBiasedVarianceOverTheBatch() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 5;
        int d = 3;
        double[] x = r.doubles(n * d, -2, 3).toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = Projector.standardise(m.create(toFloats(x), new Shape(n, d))).toFloatArray();
            for (int k = 0; k < d; k++) {
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    mean += x[i * d + k] / n;
                }
                double var = 0;
                for (int i = 0; i < n; i++) {
                    var += (x[i * d + k] - mean) * (x[i * d + k] - mean) / n;
                }
                for (int i = 0; i < n; i++) {
                    assertThat((double) out[i * d + k]).isCloseTo((x[i * d + k] - mean) / Math.sqrt(var + 1e-10), within(1e-5));
                }
            }
        }
    }

    @Test
    void aSharedOffsetAndTheEmbeddingsScaleDoNotReachTheProjection() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 8;
        int d = 16;
        float[] e = toFloats(r.doubles(n * d, -1, 1).toArray());
        float[] offset = toFloats(r.doubles(d, 5, 10).toArray());
        float[] shifted = new float[n * d];
        float[] small = new float[n * d];
        for (int i = 0; i < n * d; i++) {
            shifted[i] = e[i] + offset[i % d];
            small[i] = e[i] * 1e-2f;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock projector = Projector.of(32, 2, 4);
            projector.initialize(m, DataType.FLOAT32, new Shape(1, d));
            float[] base = project(projector, m, e, n, d);
            float[] fromShifted = project(projector, m, shifted, n, d);
            float[] fromSmall = project(projector, m, small, n, d);
            for (int i = 0; i < base.length; i++) {
                assertThat(fromShifted[i]).isCloseTo(base[i], within(1e-3f));
                assertThat(fromSmall[i]).isCloseTo(base[i], within(1e-3f));
            }
            // the projections themselves still differ between examples
            assertThat(base[0]).isNotCloseTo(base[4], within(1e-3f));
        }
    }

    private static float[] project(SequentialBlock projector, NDManager m, float[] x, int n, int d) {
        NDArray in = m.create(x, new Shape(n, d));
        return projector.forward(new ParameterStore(m, false), new NDList(in), true).head().toFloatArray();
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
