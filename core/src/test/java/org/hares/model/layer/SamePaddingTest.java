package org.hares.model.layer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.hares.model.ArraysTest;
import org.hares.model.spec.TimeFreq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** XLA 'SAME' padding: the pad arithmetic, the −∞ max-pool pad and the valid-count average pool. */
class SamePaddingTest extends ArraysTest {

    @ParameterizedTest(name = "n={0} k={1} s={2} -> ({3}, {4})")
    @CsvSource({
        "128, 3, 2, 0, 1", // even size, stride 2: the extra element at the end
        "127, 3, 2, 1, 1", // odd size, stride 2
        "100, 7, 4, 1, 2", // the fusion conv on 100 fast steps (spec example)
        "101, 7, 4, 3, 3", // odd, stride 4
        "400, 4, 4, 0, 0", // the slow-path max pool on 400 frames
        "401, 4, 4, 1, 2", // ... and on 401 frames
        "5, 2, 2, 0, 1",
        "7, 3, 1, 1, 1",
        "6, 4, 1, 1, 2",
        "1, 7, 4, 3, 3"})
    void padsPutTheExtraElementAtTheEnd(int n, int k, int s, int before, int after) {
        assertThat(SamePadding.pads(n, k, s)).containsExactly(before, after);
        assertThat(SamePadding.outputSize(n, s)).isEqualTo((n + s - 1) / s);
    }

    @Test
    void maxPoolPadsWithMinusInfinity() {
        // log-mel-like values, all far below zero: a zero pad would win every padded window
        float[] v = {-9, -7, -8, -6, -5.5f, -12, -11};
        NDArray x = manager.create(v, new Shape(1, 1, 7, 1));
        // n=7, window=stride=4: out 2, pads (0, 1); second window = rows 4..6
        assertThat(SamePadding.maxPool(x, TimeFreq.of(4, 1), TimeFreq.of(4, 1)).toFloatArray())
                .containsExactly(-6f, -5.5f);
        // n=5: pads (1, 2): windows [pad, 0, 1, 2] and [3, 4, pad, pad]
        NDArray y = manager.create(new float[] {-9, -7, -8, -6, -5.5f}, new Shape(1, 1, 5, 1));
        assertThat(SamePadding.maxPool(y, TimeFreq.of(4, 1), TimeFreq.of(4, 1)).toFloatArray())
                .containsExactly(-7f, -5.5f);
    }

    @Test
    void averagePoolDividesByTheValidCount() {
        float[] v = {1, 2, 3, 4, 5, 6, 7};
        NDArray x = manager.create(v, new Shape(1, 1, 1, 7));
        // stride 2 on 7: pads (0, 1); last window holds one valid element
        assertThat(SamePadding.avgPool(x, TimeFreq.of(1, 2), TimeFreq.of(1, 2)).toFloatArray())
                .containsExactly(1.5f, 3.5f, 5.5f, 7f);
        // stride 4 on 5: pads (1, 2): windows [pad, 1, 2, 3] and [4, 5, pad, pad]
        NDArray y = manager.create(new float[] {1, 2, 3, 4, 5}, new Shape(1, 1, 1, 5));
        assertThat(SamePadding.avgPool(y, TimeFreq.of(1, 4), TimeFreq.of(1, 4)).toFloatArray())
                .containsExactly(2f, 4.5f);
        // both axes, odd sizes: the corner window has a single valid element
        NDArray z = manager.arange(15f).reshape(1, 1, 3, 5);
        float[] out = SamePadding.avgPool(z, TimeFreq.of(2, 2), TimeFreq.of(2, 2)).toFloatArray();
        assertThat(out).hasSize(6);
        assertThat(out[0]).isEqualTo((0 + 1 + 5 + 6) / 4f);
        assertThat(out[5]).isEqualTo(14f);
        assertThat(out[2]).isEqualTo((4 + 9) / 2f);
    }
}
