package org.hares.model.spec;

import java.util.List;
import java.util.Objects;

/**
 * The architecture of one NFNet pathway (DeepMind's {@code slowfast_nfnets} variant table):
 * four stem convolutions, the stages, and a 1×1 {@code final_conv} to twice the last width.
 * Expansion 0.5 with "big width", squeeze-excite ratio 0.5 and alpha 0.2 are fixed by the model.
 */
public record NfNetSpec(String name, List<StageSpec> stages, List<TimeFreq> stemKernels, List<TimeFreq> stemStrides) {

    public static final double EXPANSION = 0.5;
    public static final double SE_RATIO = 0.5;
    public static final double ALPHA = 0.2;
    public static final int FINAL_CONV_MULTIPLIER = 2;
    public static final int STEM_CONVS = 4;

    public NfNetSpec {
        Objects.requireNonNull(name, "name");
        stages = List.copyOf(stages);
        stemKernels = List.copyOf(stemKernels);
        stemStrides = List.copyOf(stemStrides);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException(name + ": no stages");
        }
        if (stemKernels.size() != STEM_CONVS || stemStrides.size() != STEM_CONVS) {
            throw new IllegalArgumentException(name + ": the stem needs " + STEM_CONVS + " kernels and strides, got "
                    + stemKernels.size() + " and " + stemStrides.size());
        }
        int stemWidth = stages.get(0).width() / 2;
        if (stemWidth % 8 != 0) {
            throw new IllegalArgumentException(name + ": stem width " + stemWidth + " (half the first stage width) "
                    + "must be a multiple of 8");
        }
    }

    /** {@code int(channels · expansion)}: the bottleneck width of a block with that many output channels. */
    public static int blockWidth(int outChannels) {
        return (int) (outChannels * EXPANSION);
    }

    /** Output channels of {@code stem_conv3}: half the first stage's width. */
    public int stemWidth() {
        return stages.get(0).width() / 2;
    }

    /** Output channels of stem convolution {@code i}: stem width / 8, / 4, / 2, / 1. */
    public int stemChannels(int i) {
        return stemWidth() >> (STEM_CONVS - 1 - i);
    }

    public int lastWidth() {
        return stages.get(stages.size() - 1).width();
    }

    /** Width of the embedding of this network alone (after {@code final_conv} and the mean). */
    public int outputChannels() {
        return FINAL_CONV_MULTIPLIER * lastWidth();
    }

    public int blockCount() {
        return stages.stream().mapToInt(StageSpec::depth).sum();
    }
}
