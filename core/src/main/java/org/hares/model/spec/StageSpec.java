package org.hares.model.spec;

import java.util.Objects;

/**
 * One stage of an NFNet: {@code depth} blocks producing {@code width} channels; the first block
 * applies {@code stride}, every block's {@code conv1} uses {@code conv1Kernel} and groups of
 * {@code groupWidth} channels.
 */
public record StageSpec(int width, int depth, int groupWidth, TimeFreq conv1Kernel, TimeFreq stride) {

    public StageSpec {
        Objects.requireNonNull(conv1Kernel, "conv1Kernel");
        Objects.requireNonNull(stride, "stride");
        if (width < 2 || depth < 1 || groupWidth < 1) {
            throw new IllegalArgumentException("bad stage: width " + width + ", depth " + depth
                    + ", group width " + groupWidth);
        }
        int blockWidth = NfNetSpec.blockWidth(width);
        if (blockWidth % groupWidth != 0) {
            throw new IllegalArgumentException("stage of width " + width + ": bottleneck width " + blockWidth
                    + " is not a multiple of the group width " + groupWidth);
        }
    }

    /** Feature groups of the grouped convolutions ({@code conv1}, {@code conv1b}). */
    public int groups() {
        return NfNetSpec.blockWidth(width) / groupWidth;
    }
}
