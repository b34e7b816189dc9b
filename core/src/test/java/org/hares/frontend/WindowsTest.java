package org.hares.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowsTest {

    @Test
    void cropCopiesAndZeroPadsAtTheEnd() {
        float[] x = {1, 2, 3, 4, 5};
        assertThat(Windows.crop(x, 1, 3)).containsExactly(2, 3, 4);
        assertThat(Windows.crop(x, 3, 4)).containsExactly(4, 5, 0, 0);
        assertThat(Windows.crop(x, 7, 2)).containsExactly(0, 0);
        assertThat(Windows.crop(new float[0], 0, 3)).containsExactly(0, 0, 0);
    }

    @Test
    void hoppedWindowsOverlapAndCoverTheClip() {
        // 2.5 s clip, 1 s windows every 0.5 s: starts 0, .5, 1, 1.5 s; the last ends exactly at 2.5 s
        assertThat(Windows.hoppedStarts(40000, 16000, 8000)).containsExactly(0, 8000, 16000, 24000);
        // one more sample needs one more (zero-padded) window
        assertThat(Windows.hoppedStarts(40001, 16000, 8000)).containsExactly(0, 8000, 16000, 24000, 32000);
        assertThat(Windows.hoppedStarts(1000, 16000, 8000)).containsExactly(0);
        assertThat(Windows.hoppedStarts(48001, 16000, 16000)).containsExactly(Windows.consecutiveStarts(48001, 16000));
        assertThatThrownBy(() -> Windows.hoppedStarts(10, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hop must be positive, got 0");
    }

    @Test
    void consecutiveWindowsCoverTheClipWithoutOverlap() {
        assertThat(Windows.consecutiveStarts(48000, 16000)).containsExactly(0, 16000, 32000);
        assertThat(Windows.consecutiveStarts(48001, 16000)).containsExactly(0, 16000, 32000, 48000);
        assertThat(Windows.consecutiveStarts(100, 16000)).containsExactly(0);
        assertThat(Windows.consecutiveStarts(0, 16000)).containsExactly(0);
    }

    @Test
    void equallySpacedWindowsSpanTheClipLikeLinspace() {
        // AudioSet: 10 crops of 3 s over a 10 s clip start every 7/9 s
        int[] starts = Windows.equallySpacedStarts(160000, 10, 48000);
        assertThat(starts).hasSize(10);
        assertThat(starts[0]).isZero();
        assertThat(starts[9]).isEqualTo(112000);
        assertThat(starts[1]).isEqualTo(12444); // round(112000/9)
        assertThat(Windows.equallySpacedStarts(20000, 3, 48000)).containsExactly(0, 0, 0);
        assertThat(Windows.equallySpacedStarts(100000, 1, 48000)).containsExactly(0);
    }

    @Test
    void randomStartsAreSeededAndInRange() {
        int[] a = new int[50];
        int[] b = new int[50];
        SplittableRandom r1 = new SplittableRandom(7);
        SplittableRandom r2 = new SplittableRandom(7);
        for (int i = 0; i < a.length; i++) {
            a[i] = Windows.randomStart(50000, 48000, r1);
            b[i] = Windows.randomStart(50000, 48000, r2);
        }
        assertThat(a).containsExactly(b);
        assertThat(java.util.Arrays.stream(a).min().getAsInt()).isGreaterThanOrEqualTo(0);
        assertThat(java.util.Arrays.stream(a).max().getAsInt()).isLessThanOrEqualTo(2000);
        assertThat(java.util.Arrays.stream(a).distinct().count()).isGreaterThan(40);
        assertThat(Windows.randomStart(1000, 48000, r1)).isZero();
    }

    @Test
    void badLengthsNameTheValue() {
        assertThatThrownBy(() -> Windows.crop(new float[3], -1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("crop start must be >= 0, got -1");
        assertThatThrownBy(() -> Windows.consecutiveStarts(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window length must be positive, got 0");
        assertThatThrownBy(() -> Windows.equallySpacedStarts(10, 0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window count must be positive, got 0");
    }
}
