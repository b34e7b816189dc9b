package org.hares.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hares.testing.Golden;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static float[] sine(double hz, int rate, int n, double amplitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    private static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * (double) x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @Test
    void passBandToneSurvivesExactly() {
        float[] y = Resampler.resample(sine(1000, 44100, 44100, 0.5), 44100, 16000);
        assertThat(y.length).isBetween(15999, 16001);
        float[] expected = sine(1000, 16000, 16000, 0.5);
        double max = 0;
        for (int i = 500; i < 15500; i++) {
            max = Math.max(max, Math.abs(y[i] - expected[i]));
        }
        assertThat(max).isLessThan(1e-4);
    }

    @Test
    void toneAboveTheNewNyquistIsRemovedNotAliased() {
        // linear interpolation would fold 10 kHz down to 6 kHz at a level near the input's
        float[] y = Resampler.resample(sine(10000, 44100, 44100, 0.5), 44100, 16000);
        double attenuationDb = 20 * Math.log10(rms(y, 500, 15500) / (0.5 / Math.sqrt(2)));
        assertThat(attenuationDb).isLessThan(-80);
    }

    @Test
    void upsamplingKeepsTheTone() {
        float[] y = Resampler.resample(sine(440, 8000, 8000, 0.5), 8000, 16000);
        float[] expected = sine(440, 16000, 16000, 0.5);
        assertThat(y.length).isBetween(15999, 16001);
        double max = 0;
        for (int i = 500; i < 15500; i++) {
            max = Math.max(max, Math.abs(y[i] - expected[i]));
        }
        assertThat(max).isLessThan(1e-4);
    }

    @Test
    void equalRatesPassThrough() {
        float[] x = sine(440, 16000, 1000, 0.5);
        assertThat(Resampler.resample(x, 16000, 16000)).containsExactly(x);
    }

    @Test
    void streamingDecodeEqualsResamplingTheWholeNativeSignal() {
        Path file = Golden.file("tone44k_stereo.wav");
        float[] native44k = AudioReader.read(file, 44100).samples();
        float[] streamed = AudioReader.read(file, 16000).samples();
        assertThat(streamed).containsExactly(Resampler.resample(native44k, 44100, 16000));
    }

    @Test
    void concurrentReadsGiveIdenticalSamples() throws Exception {
        Path file = Golden.file("tone44k_stereo.wav");
        float[] reference = AudioReader.read(file, 16000).samples();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> AudioReader.read(file, 16000).samples()));
            }
            for (Future<float[]> f : results) {
                assertThat(f.get()).containsExactly(reference);
            }
        } finally {
            pool.shutdown();
        }
    }
}
