package org.hares.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogMelStreamTest {

    private final LogMel logMel = new LogMel(FrontendConfig.DEFAULT);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 150, 200, 201, 399, 5000, 100_003})
    void chunkedStreamGivesExactlyTheWholeSignalFrames(int length) {
        SplittableRandom r = new SplittableRandom(length);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.1 * (r.nextDouble() - 0.5));
        }
        float[] expected = logMel.compute(x);

        float[] got = new float[expected.length];
        int[] written = {0};
        LogMelStream stream = new LogMelStream(logMel, (rows, frames) -> {
            System.arraycopy(rows, 0, got, written[0], frames * 128);
            written[0] += frames * 128;
        });
        int pos = 0;
        while (pos < length) {
            int n = Math.min(length - pos, 1 + r.nextInt(7000));
            float[] chunk = java.util.Arrays.copyOfRange(x, pos, pos + n);
            stream.accept(chunk, n);
            pos += n;
        }
        assertThat(stream.finish()).isEqualTo(logMel.frames(length));
        assertThat(written[0]).isEqualTo(expected.length);
        assertThat(got).containsExactly(expected);
    }
}
