package org.hares.frontend;

import java.util.random.RandomGenerator;

/**
 * Crop and window placement helpers shared by evaluation and training. Lengths and starts are in
 * samples; crops past the end of a clip are zero-padded at the end.
 */
public final class Windows {

    private Windows() {}

    /** {@code length} samples from {@code start}, zero-padded at the end where the clip is shorter. */
    public static float[] crop(float[] samples, int start, int length) {
        if (start < 0) {
            throw new IllegalArgumentException("crop start must be >= 0, got " + start);
        }
        if (length < 0) {
            throw new IllegalArgumentException("crop length must be >= 0, got " + length);
        }
        float[] out = new float[length];
        int available = Math.max(0, Math.min(length, samples.length - start));
        if (available > 0) {
            System.arraycopy(samples, start, out, 0, available);
        }
        return out;
    }

    /**
     * Starts of consecutive non-overlapping windows covering the clip: {@code 0, w, 2w, ...}, as
     * many as {@code ceil(samples / w)} and at least one (the last one is zero-padded by {@link #crop}).
     */
    public static int[] consecutiveStarts(int samples, int windowLength) {
        return hoppedStarts(samples, windowLength, windowLength);
    }

    /**
     * Starts {@code 0, hop, 2·hop, ...} of windows covering the clip: one window when the clip is no
     * longer than a window, else {@code 1 + ceil((samples - w) / hop)} (the last one zero-padded by
     * {@link #crop}). With {@code hop == w} these are the consecutive non-overlapping windows.
     */
    public static int[] hoppedStarts(int samples, int windowLength, int hop) {
        checkLengths(samples, windowLength);
        if (hop <= 0) {
            throw new IllegalArgumentException("hop must be positive, got " + hop);
        }
        int count = samples <= windowLength ? 1 : 1 + (int) ((samples - windowLength + (long) hop - 1) / hop);
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = Math.toIntExact((long) i * hop);
        }
        return starts;
    }

    /**
     * {@code count} window starts equally spaced from 0 to {@code samples - windowLength} (rounded to
     * the nearest sample, like {@code numpy.linspace}), overlapping where the clip is short; all 0
     * when the clip is no longer than a window. A single window starts at 0.
     */
    public static int[] equallySpacedStarts(int samples, int count, int windowLength) {
        checkLengths(samples, windowLength);
        if (count <= 0) {
            throw new IllegalArgumentException("window count must be positive, got " + count);
        }
        int span = Math.max(0, samples - windowLength);
        int[] starts = new int[count];
        for (int i = 0; i < count && count > 1; i++) {
            starts[i] = (int) Math.round((double) span * i / (count - 1));
        }
        return starts;
    }

    /** A uniformly random start in {@code [0, samples - windowLength]}, or 0 when the clip is no longer than a window. */
    public static int randomStart(int samples, int windowLength, RandomGenerator rng) {
        checkLengths(samples, windowLength);
        int span = samples - windowLength;
        return span <= 0 ? 0 : rng.nextInt(span + 1);
    }

    private static void checkLengths(int samples, int windowLength) {
        if (samples < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + samples);
        }
        if (windowLength <= 0) {
            throw new IllegalArgumentException("window length must be positive, got " + windowLength);
        }
    }
}
