package org.hares.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogMelTest {

    private final LogMel logMel = new LogMel(FrontendConfig.DEFAULT);

    @ParameterizedTest
    @CsvSource({"16000, 101", "64000, 401", "48000, 301", "159, 1", "161, 2", "1, 1", "0, 1"})
    void frameCountIsOnePlusSamplesOverHop(int samples, int frames) {
        assertThat(logMel.frames(samples)).isEqualTo(frames);
        assertThat(logMel.compute(new float[samples])).hasSize(frames * 128);
    }

    @Test
    void silenceIsTheLogOfTheOffset() {
        float[] x = logMel.compute(new float[1600]);
        assertThat(maxAbsDiff(x, (float) Math.log(1e-6))).isLessThan(1e-4);
    }

    @Test
    void aToneLightsTheFilterAroundItsFrequency() {
        int n = 16000;
        float[] tone = new float[n];
        for (int i = 0; i < n; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 16000.0));
        }
        float[] x = logMel.compute(tone);
        int frame = 50;
        int best = 0;
        for (int m = 1; m < 128; m++) {
            if (x[frame * 128 + m] > x[frame * 128 + best]) {
                best = m;
            }
        }
        double[] centres = centresHz(FrontendConfig.DEFAULT);
        // filter m peaks at centres[m + 1]; FFT bins are 31.25 Hz apart
        assertThat(Math.abs(centres[best + 1] - 1000)).isLessThan(40.0);
    }

    @Test
    void standardisedWindowHasZeroMeanUnitStd() {
        float[] noise = new float[16000];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (r.nextDouble() - 0.5);
        }
        float[] s = logMel.standardised(noise);
        double mean = 0;
        for (float v : s) {
            mean += v;
        }
        mean /= s.length;
        double var = 0;
        for (float v : s) {
            var += (v - mean) * (v - mean);
        }
        assertThat(mean).isCloseTo(0, within(1e-4));
        assertThat(Math.sqrt(var / s.length)).isCloseTo(1, within(1e-4));
    }

    @Test
    void silentWindowUsesTheStdFloor() {
        float[] s = logMel.standardised(new float[16000]);
        assertThat(s).hasSize(101 * 128);
        assertThat(maxAbsDiff(s, 0f)).isLessThan(1e-3);
    }

    @Test
    void slicedComputationEqualsWholeComputation() {
        float[] x = new float[5000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37) * 0.3f;
        }
        float[] whole = logMel.compute(x);
        float[] parts = new float[whole.length];
        logMel.computeFrames(x, 0, x.length, 0, 10, parts, 0);
        logMel.computeFrames(x, 0, x.length, 10, logMel.frames(x.length) - 10, parts, 10 * 128);
        assertThat(parts).containsExactly(whole);
    }

    @Test
    void filterbankFollowsTheHtkFormula() {
        FrontendConfig c = FrontendConfig.DEFAULT;
        MelFilterbank fb = new MelFilterbank(c);
        assertThat(MelFilterbank.hzToMel(1000)).isCloseTo(2595 * Math.log10(1 + 1000 / 700.0), within(1e-9));
        assertThat(MelFilterbank.melToHz(MelFilterbank.hzToMel(6000))).isCloseTo(6000, within(1e-6));
        double[] f = centresHz(c);
        for (int m = 0; m < c.melBins(); m++) {
            for (int k = 0; k < c.fftBins(); k++) {
                double hz = k * 16000.0 / 512;
                double expected = Math.max(0, Math.min((hz - f[m]) / (f[m + 1] - f[m]), (f[m + 2] - hz) / (f[m + 2] - f[m + 1])));
                assertThat((double) fb.weight(m, k)).as("filter %d bin %d", m, k).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void configRejectsBadValues() {
        assertThatThrownBy(() -> new FrontendConfig(16000, 600, 160, 512, 128, 60, 7800, 1e-6, 1e-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window length 600 exceeds FFT size 512");
        assertThatThrownBy(() -> new FrontendConfig(16000, 400, 160, 512, 128, 60, 9000, 1e-6, 1e-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need 0 <= fMin < fMax <= sampleRate/2, got fMin=60.0 fMax=9000.0 sampleRate=16000");
    }

    private static double maxAbsDiff(float[] x, float value) {
        double max = 0;
        for (float v : x) {
            max = Math.max(max, Math.abs(v - value));
        }
        return max;
    }

    /** HTK mel points: melBins + 2 frequencies equally spaced in 2595·log10(1 + f/700) between fMin and fMax. */
    private static double[] centresHz(FrontendConfig c) {
        double lo = 2595 * Math.log10(1 + c.fMin() / 700);
        double hi = 2595 * Math.log10(1 + c.fMax() / 700);
        double[] f = new double[c.melBins() + 2];
        for (int i = 0; i < f.length; i++) {
            double mel = lo + (hi - lo) * i / (c.melBins() + 1);
            f[i] = 700 * (Math.pow(10, mel / 2595) - 1);
        }
        return f;
    }
}
