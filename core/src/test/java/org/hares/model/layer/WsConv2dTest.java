package org.hares.model.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.hares.model.ArraysTest;
import org.hares.model.spec.TimeFreq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scaled weight standardisation and the 'SAME' convolution, against direct loops written from the spec. */
class WsConv2dTest extends ArraysTest {

    @Test
    void standardisedWeightsHaveZeroMeanAndVarianceGainSquaredOverFanIn() {
        int out = 3;
        int fanIn = 4 * 3;
        double[] w = new SplittableRandom(1).doubles(out * fanIn, -2, 3).toArray();
        double[] gain = {0.5, 1, 2};
        NDArray ws = WsConv2d.standardise(manager.create(w, new Shape(out, 4, 3, 1)), manager.create(gain),
                manager);
        double[] v = ws.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int o = 0; o < out; o++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < fanIn; i++) {
                mean += v[o * fanIn + i] / fanIn;
            }
            for (int i = 0; i < fanIn; i++) {
                sq += Math.pow(v[o * fanIn + i] - mean, 2) / fanIn;
            }
            assertThat(mean).isCloseTo(0, within(1e-12));
            assertThat(sq * fanIn).isCloseTo(gain[o] * gain[o], within(1e-9));
        }
    }

    @Test
    void tinyVarianceIsClampedAt1e4() {
        // channel 0 constant (variance 0); channel 1 with var·fan_in = 4e-6 < 1e-4
        double[] w = {3, 3, 3, 3, 1.001, 0.999, 1.001, 0.999};
        NDArray ws = WsConv2d.standardise(manager.create(w, new Shape(2, 4, 1, 1)),
                manager.create(new double[] {1.5, 2}), manager);
        double[] v = ws.toDoubleArray();
        assertThat(v).startsWith(0, 0, 0, 0);
        // scale = gain / sqrt(1e-4) = 200
        assertThat(v[4]).isCloseTo(0.001 * 200, within(1e-9));
        assertThat(v[5]).isCloseTo(-0.001 * 200, within(1e-9));
    }

    @ParameterizedTest(name = "{0}x{1} input, kernel ({2},{3}), stride ({4},{5}), groups {6}")
    @CsvSource({
        "8, 8, 3, 3, 2, 2, 1", // even, stride 2: pad (0, 1)
        "9, 7, 3, 3, 2, 2, 2", // odd, stride 2: pad (1, 1)
        "10, 3, 7, 1, 4, 1, 1", // the fusion conv, stride 4
        "13, 5, 7, 1, 4, 1, 1", // odd, stride 4
        "6, 9, 1, 3, 1, 2, 4",
        "5, 6, 3, 1, 1, 1, 2"})
    void sameConvolutionMatchesDirectLoops(int h, int w, int kh, int kw, int sh, int sw, int groups) {
        int in = 4;
        int out = 4;
        SplittableRandom r = new SplittableRandom(h * 31L + w);
        WsConv2d conv = new WsConv2d("t", in, out, TimeFreq.of(kh, kw), TimeFreq.of(sh, sw), groups);
        conv.setInitializer((m, shape, type) -> m.create(r.doubles(shape.size(), -1, 1).toArray(), shape),
                p -> true);
        conv.initialize(manager, DataType.FLOAT64, new Shape(1, in, h, w));
        double[] x = r.doubles((long) in * h * w, -1, 1).toArray();
        double[] wt = conv.getParameters().get("w").getArray().toDoubleArray();
        double[] gain = conv.getParameters().get("gain").getArray().toDoubleArray();
        double[] bias = conv.getParameters().get("bias").getArray().toDoubleArray();
        NDArray y = conv.apply(new ParameterStore(manager, false), manager.create(x, new Shape(1, in, h, w)), false);
        double[] expected = direct(x, in, h, w, wt, gain, bias, out, kh, kw, sh, sw, groups);
        int oh = (h + sh - 1) / sh;
        int ow = (w + sw - 1) / sw;
        assertThat(y.getShape()).isEqualTo(new Shape(1, out, oh, ow));
        assertThat(y.toDoubleArray()).containsExactly(expected, within(1e-12));
    }

    /** Haiku's WSConv2D written as loops: standardise per output channel, zero 'SAME' padding, grouped sums. */
    private static double[] direct(double[] x, int in, int h, int w, double[] wt, double[] gain, double[] bias, int out,
            int kh, int kw, int sh, int sw, int groups) {
        int cin = in / groups;
        int fan = cin * kh * kw;
        double[] ws = new double[wt.length];
        for (int o = 0; o < out; o++) {
            double mean = 0;
            double var = 0;
            for (int i = 0; i < fan; i++) {
                mean += wt[o * fan + i] / fan;
            }
            for (int i = 0; i < fan; i++) {
                var += Math.pow(wt[o * fan + i] - mean, 2) / fan;
            }
            double scale = gain[o] / Math.sqrt(Math.max(var * fan, 1e-4));
            for (int i = 0; i < fan; i++) {
                ws[o * fan + i] = (wt[o * fan + i] - mean) * scale;
            }
        }
        int oh = (h + sh - 1) / sh;
        int ow = (w + sw - 1) / sw;
        int padTop = Math.max((oh - 1) * sh + kh - h, 0) / 2;
        int padLeft = Math.max((ow - 1) * sw + kw - w, 0) / 2;
        double[] y = new double[out * oh * ow];
        int outPerGroup = out / groups;
        for (int o = 0; o < out; o++) {
            int g = o / outPerGroup;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = bias[o];
                    for (int c = 0; c < cin; c++) {
                        for (int a = 0; a < kh; a++) {
                            for (int b = 0; b < kw; b++) {
                                int ti = i * sh + a - padTop;
                                int fj = j * sw + b - padLeft;
                                if (ti >= 0 && ti < h && fj >= 0 && fj < w) {
                                    s += x[((g * cin + c) * h + ti) * w + fj] * ws[((o * cin + c) * kh + a) * kw + b];
                                }
                            }
                        }
                    }
                    y[(o * oh + i) * ow + j] = s;
                }
            }
        }
        return y;
    }
}
