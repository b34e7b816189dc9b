package org.hares.train;

import java.util.List;

/**
 * The input of one optimiser step: {@code clips × views} standardised log-mel crops, view-major
 * (all first views, then all second views), and for supervised runs one mixed target matrix per
 * head ({@code clips × classes}, row-major).
 *
 * @param features (views·clips, frames, mels) row-major
 * @param badFiles clips that failed to decode in this batch (replaced by the next clips of the order)
 */
public record Batch(int step, int clips, int views, int frames, int mels, float[] features, List<float[]> targets,
        List<String> badFiles) {

    public Batch {
        if (features.length != (long) clips * views * frames * mels) {
            throw new IllegalArgumentException("features hold " + features.length + " values, expected "
                    + clips + "×" + views + "×" + frames + "×" + mels);
        }
        targets = List.copyOf(targets);
        badFiles = List.copyOf(badFiles);
    }

    public int examples() {
        return clips * views;
    }

    /** Values of one example. */
    public int exampleSize() {
        return frames * mels;
    }
}
