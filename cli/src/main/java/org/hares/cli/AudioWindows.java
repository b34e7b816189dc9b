package org.hares.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import org.hares.eval.InsufficientMemoryException;

/**
 * The windows {@code hares embed} cuts an audio file into: {@code --window} and {@code --hop} in
 * samples, the window bounded by the clip's length (a longer window would only add padding) and
 * by memory (one forward pass must fit).
 *
 * @param window window length in samples, at most the clip's
 * @param hop    hop in samples
 */
record AudioWindows(int window, int hop) {

    /**
     * Rough bytes an NFNet forward pass holds per input value (frame × mel bin), rounded up from
     * what was measured here for slowfast-nfnet-f0: 180 (one 30-s window against one 1-s window,
     * peak resident memory) to 330 (batch 32 against batch 1 of 4-s windows).
     */
    static final long FORWARD_BYTES_PER_INPUT_VALUE = 512;

    /** Refuses windows and hops that are not a positive, finite number of seconds of at least one sample. */
    static void validate(double windowSeconds, Double hopSeconds, int rate) {
        if (!Double.isFinite(windowSeconds) || !(windowSeconds * rate >= 1)) {
            throw new IllegalArgumentException("--window must be a finite number of seconds of at least one sample (1/"
                    + rate + " s), got " + windowSeconds);
        }
        if (hopSeconds != null && (!Double.isFinite(hopSeconds) || !(hopSeconds * rate >= 1))) {
            throw new IllegalArgumentException("--hop must be a finite number of seconds of at least one sample (1/"
                    + rate + " s), got " + hopSeconds);
        }
    }

    /** The windows for a clip of {@code clipSamples}: the window no longer than the clip; the hop defaults to the window. */
    static AudioWindows of(double windowSeconds, Double hopSeconds, int rate, int clipSamples) {
        int window = (int) Math.max(1, Math.min(Math.round(windowSeconds * rate), clipSamples));
        int hop = hopSeconds == null ? window : (int) Math.min(Math.round(hopSeconds * rate), Integer.MAX_VALUE);
        return new AudioWindows(window, hop);
    }

    /**
     * How many windows of {@code frames × bins} one forward pass may take: {@code batchSize}, or
     * fewer where memory would not hold them; refuses a window that alone does not fit.
     */
    int windowsPerPass(Path input, int frames, int bins, String model, int batchSize, int rate) {
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return windowsPerPass(input, frames, bins, model, batchSize, rate, physical, Runtime.getRuntime().maxMemory());
    }

    int windowsPerPass(Path input, int frames, int bins, String model, int batchSize, int rate, long memory, long heap) {
        long values = (long) frames * bins;
        long forward = values * FORWARD_BYTES_PER_INPUT_VALUE;
        // on the heap: the window's samples, its log-mel, and its copy in the batch array
        long onHeap = 4L * window + 8L * values;
        if (forward > memory || onHeap > heap / 2) {
            throw new InsufficientMemoryException(String.format(Locale.ROOT, "%s: a %.1f-s window (%d frames) needs about "
                    + "%.1f GiB for one forward pass of %s and %.1f GiB of Java heap; this machine has %.1f GiB and the heap "
                    + "%.1f GiB: use a shorter --window (or raise the heap with HARES_JAVA_OPTS=-Xmx...)", input,
                    window / (double) rate, frames, forward / GIB, model, onHeap / GIB, memory / GIB, heap / GIB));
        }
        return (int) Math.max(1, Math.min(batchSize, Math.min(memory / forward, heap / 2 / onHeap)));
    }

    private static final double GIB = 1L << 30;
}
