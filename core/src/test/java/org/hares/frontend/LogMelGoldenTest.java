package org.hares.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hares.audio.AudioClip;
import org.hares.audio.AudioReader;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.testing.Golden;
import org.junit.jupiter.api.Test;

/** The front end against torchaudio's output in shared/golden (see golden/README.md for the tolerances). */
class LogMelGoldenTest {

    private final LogMel logMel = new LogMel(FrontendConfig.DEFAULT);

    @Test
    void tone16kMatchesTorchaudioWithinGoldenTolerance() {
        AudioClip clip = AudioReader.read(Golden.file("tone16k.wav"), 16000);
        NpyArray expected = Npy.read(Golden.file("logmel_tone16k.npy"));
        float[] actual = logMel.compute(clip.samples());

        assertThat(expected.shape()).containsExactly(151, 128);
        assertThat(logMel.frames(clip.samples().length)).isEqualTo(151);
        float[] ref = expected.toFloats();
        assertThat(actual).hasSameSizeAs(ref);
        double floor = Math.log(1e-5);
        double maxAbove = 0;
        double maxBelow = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs(actual[i] - ref[i]);
            if (ref[i] > floor) {
                maxAbove = Math.max(maxAbove, d);
            } else {
                maxBelow = Math.max(maxBelow, d);
            }
        }
        assertThat(maxAbove).as("max |Δ| over bins above log(1e-5)").isLessThanOrEqualTo(1e-3);
        assertThat(maxBelow).as("max |Δ| over bins at the log floor").isLessThanOrEqualTo(0.05);
    }

    @Test
    void tone44kStereoAfterMixDownAndResamplingMeetsTheQualityBar() {
        AudioClip clip = AudioReader.read(Golden.file("tone44k_stereo.wav"), 16000);
        float[] ref = Npy.read(Golden.file("logmel_tone44k.npy")).toFloats();
        float[] actual = logMel.compute(clip.samples());

        assertThat(actual).hasSameSizeAs(ref);
        double floor = Math.log(1e-3);
        List<Double> diffs = new ArrayList<>();
        for (int i = 0; i < ref.length; i++) {
            if (ref[i] > floor) {
                diffs.add((double) Math.abs(actual[i] - ref[i]));
            }
        }
        diffs.sort(null);
        double median = diffs.get(diffs.size() / 2);
        double p95 = diffs.get((int) Math.ceil(0.95 * diffs.size()) - 1);
        System.out.printf("tone44k: %d bins, median %.5f, p95 %.5f, max %.5f%n", diffs.size(), median, p95, diffs.get(diffs.size() - 1));
        assertThat(median).as("median |Δ|").isLessThanOrEqualTo(0.01);
        assertThat(p95).as("95th percentile |Δ|").isLessThanOrEqualTo(0.7);
    }
}
