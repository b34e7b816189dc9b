package org.hares.frontend;

import java.util.Arrays;

/**
 * Log-mel of a signal that arrives in chunks, in memory bounded by the chunk size: frames are
 * emitted as soon as their window is complete, the last ones (reflect-padded at the end) on
 * {@link #finish()}. The frames are exactly those {@link LogMel#compute} gives for the whole
 * signal. Not thread-safe.
 */
public final class LogMelStream {

    /** Receives {@code frames} rows of log-mel, row-major in {@code rows[0, frames·melBins)}; the array is reused. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(float[] rows, int frames);
    }

    private static final int BATCH = 256;

    private final LogMel logMel;
    private final FrameSink sink;
    private final int hop;
    private final int reach;
    private final float[] rows;
    private float[] buffer = new float[1 << 15];
    /** Signal index of {@code buffer[0]}. */
    private long base;
    private int held;
    private long nextFrame;
    private boolean finished;

    public LogMelStream(LogMel logMel, FrameSink sink) {
        this.logMel = logMel;
        this.sink = sink;
        FrontendConfig c = logMel.config();
        this.hop = c.hopLength();
        // a frame's window covers signal indices [t·hop - reach, t·hop + reach)
        this.reach = c.windowLength() / 2 + c.windowLength() % 2;
        this.rows = new float[BATCH * c.melBins()];
    }

    /** Appends {@code samples[0, count)} and emits every frame whose window is now complete. */
    public void accept(float[] samples, int count) {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
        if (held + count > buffer.length) {
            compact();
            if (held + count > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(held + count, buffer.length * 2));
            }
        }
        System.arraycopy(samples, 0, buffer, held, count);
        held += count;
        long length = base + held;
        // frames that need no reflection at the end; the start may reflect once reach+1 samples exist
        long ready = length <= reach ? 0 : Math.floorDiv(length - reach, hop) + 1;
        emit(ready, length);
    }

    /** Emits the last frames; returns the total number of frames, {@code 1 + samples / hop}. */
    public long finish() {
        if (!finished) {
            finished = true;
            long length = base + held;
            emit(1 + length / hop, length);
        }
        return nextFrame;
    }

    /** Samples received so far. */
    public long samples() {
        return base + held;
    }

    private void emit(long upTo, long length) {
        int melBins = logMel.config().melBins();
        if (length == 0 && upTo > nextFrame) {
            Arrays.fill(rows, 0, melBins, (float) Math.log(logMel.config().logOffset()));
            sink.accept(rows, 1);
            nextFrame = 1;
            return;
        }
        while (nextFrame < upTo) {
            int n = (int) Math.min(BATCH, upTo - nextFrame);
            for (int i = 0; i < n; i++) {
                logMel.frame(buffer, base, length, nextFrame + i, rows, i * melBins);
            }
            nextFrame += n;
            sink.accept(rows, n);
        }
    }

    /** Drops samples no future frame (nor the end reflection) can touch. */
    private void compact() {
        long keepFrom = Math.max(base, nextFrame * hop - 2L * reach - hop);
        int drop = (int) (keepFrom - base);
        if (drop > 0) {
            System.arraycopy(buffer, drop, buffer, 0, held - drop);
            held -= drop;
            base = keepFrom;
        }
    }
}
