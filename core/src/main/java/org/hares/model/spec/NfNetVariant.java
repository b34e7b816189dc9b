package org.hares.model.spec;

import java.util.List;

/** The NFNet pathways of Slowfast NFNet-F0, and a tiny one for tests of training code. */
public enum NfNetVariant {
    /** F0-slow: the wide pathway that sees the time axis subsampled by 4 inside SlowFast. */
    F0_SLOW(new NfNetSpec("F0-slow",
            stages(new int[] {256, 512, 1536, 1536}, new int[] {1, 2, 6, 3}, 128,
                    List.of(TimeFreq.of(1, 1), TimeFreq.of(1, 1), TimeFreq.of(3, 1), TimeFreq.of(3, 1))),
            List.of(TimeFreq.of(1, 3), TimeFreq.of(1, 3), TimeFreq.of(1, 3), TimeFreq.of(3, 3)),
            stemStrides())),
    /** F0-fast: the narrow pathway at full frame rate. */
    F0_FAST(new NfNetSpec("F0-fast",
            stages(new int[] {32, 64, 192, 192}, new int[] {1, 2, 6, 3}, 16,
                    List.of(TimeFreq.of(3, 1), TimeFreq.of(3, 1), TimeFreq.of(3, 1), TimeFreq.of(3, 1))),
            List.of(TimeFreq.of(3, 3), TimeFreq.of(1, 3), TimeFreq.of(1, 3), TimeFreq.of(3, 3)),
            stemStrides())),
    /**
     * A few channels, every kind of layer: a projecting first block, strided blocks with pooled
     * shortcuts, identity blocks (depth 2), grouped convolutions, (3,1) and (1,1) conv1 kernels.
     */
    TEST(new NfNetSpec("test",
            stages(new int[] {16, 16, 32, 32}, new int[] {1, 2, 1, 1}, 4,
                    List.of(TimeFreq.of(1, 1), TimeFreq.of(3, 1), TimeFreq.of(3, 1), TimeFreq.of(3, 1))),
            List.of(TimeFreq.of(3, 3), TimeFreq.of(1, 3), TimeFreq.of(1, 3), TimeFreq.of(3, 3)),
            stemStrides()));

    private final NfNetSpec spec;

    NfNetVariant(NfNetSpec spec) {
        this.spec = spec;
    }

    public NfNetSpec spec() {
        return spec;
    }

    private static List<TimeFreq> stemStrides() {
        return List.of(TimeFreq.of(2, 2), TimeFreq.of(1, 1), TimeFreq.of(1, 1), TimeFreq.of(2, 2));
    }

    private static List<StageSpec> stages(int[] widths, int[] depths, int groupWidth, List<TimeFreq> conv1Kernels) {
        List<TimeFreq> strides = List.of(TimeFreq.of(1, 1), TimeFreq.of(1, 2), TimeFreq.of(1, 2), TimeFreq.of(1, 2));
        StageSpec[] out = new StageSpec[widths.length];
        for (int i = 0; i < widths.length; i++) {
            out[i] = new StageSpec(widths[i], depths[i], groupWidth, conv1Kernels.get(i), strides.get(i));
        }
        return List.of(out);
    }
}
