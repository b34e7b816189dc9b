package org.hares.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_int;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Band-limited resampling of mono float audio with FFmpeg's swresample (windowed-sinc polyphase
 * filter, 64 taps per phase at the lower rate, 2^14 phases), streaming: feed chunks with
 * {@link #push}, then {@link #flush}. Not thread-safe; one per thread or stream. When the two rates
 * are equal it passes samples through unchanged.
 */
public final class Resampler implements AutoCloseable {

    /** swresample's filter length; 64 (default 32) moves its stop band well below the 16-bit floor. */
    static final int FILTER_SIZE = 64;
    static final int PHASE_SHIFT = 14;
    private static final int CHUNK = 8192;

    private final int fromRate;
    private final int toRate;
    private final SwrContext swr;
    private final FloatPointer in;
    private final FloatPointer out;
    private final PointerPointer<FloatPointer> inPlanes;
    private final PointerPointer<FloatPointer> outPlanes;
    private final int outCapacity;
    private final float[] javaOut;

    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " -> " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        if (fromRate == toRate) {
            swr = null;
            in = out = null;
            inPlanes = outPlanes = null;
            outCapacity = 0;
            javaOut = null;
            return;
        }
        Ffmpeg.load();
        AVChannelLayout mono = new AVChannelLayout();
        av_channel_layout_default(mono, 1);
        SwrContext ctx = new SwrContext(null);
        int err = swr_alloc_set_opts2(ctx, mono, AV_SAMPLE_FMT_FLT, toRate, mono, AV_SAMPLE_FMT_FLT, fromRate, 0, null);
        av_channel_layout_uninit(mono);
        mono.close();
        if (err < 0 || ctx.isNull()) {
            throw new IllegalStateException("swresample: cannot allocate " + fromRate + " -> " + toRate + ": " + Ffmpeg.error(err));
        }
        av_opt_set_int(ctx, "filter_size", FILTER_SIZE, 0);
        av_opt_set_int(ctx, "phase_shift", PHASE_SHIFT, 0);
        err = swr_init(ctx);
        if (err < 0) {
            swr_free(ctx);
            throw new IllegalStateException("swresample: cannot initialise " + fromRate + " -> " + toRate + ": " + Ffmpeg.error(err));
        }
        swr = ctx;
        in = new FloatPointer(CHUNK);
        outCapacity = (int) ((long) CHUNK * toRate / fromRate) + 512;
        out = new FloatPointer(outCapacity);
        inPlanes = new PointerPointer<FloatPointer>(1).put(in);
        outPlanes = new PointerPointer<FloatPointer>(1).put(out);
        javaOut = new float[outCapacity];
    }

    /** Resamples a whole signal (convenience for in-memory audio). */
    public static float[] resample(float[] samples, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return samples.clone();
        }
        FloatArrayBuilder result = new FloatArrayBuilder((int) ((long) samples.length * toRate / fromRate) + 16);
        try (Resampler r = new Resampler(fromRate, toRate)) {
            r.push(samples, 0, samples.length, result);
            r.flush(result);
        }
        return result.toArray();
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /** Feeds {@code samples[offset, offset+count)}; resampled output goes to {@code sink} as it becomes available. */
    public void push(float[] samples, int offset, int count, SampleSink sink) {
        if (swr == null) {
            if (offset == 0) {
                sink.accept(samples, count);
            } else {
                float[] copy = java.util.Arrays.copyOfRange(samples, offset, offset + count);
                sink.accept(copy, count);
            }
            return;
        }
        int done = 0;
        while (done < count) {
            int n = Math.min(CHUNK, count - done);
            in.put(samples, offset + done, n);
            convert(n, sink);
            done += n;
        }
    }

    /** Emits the samples still held in the filter's delay line; call once at the end of the stream. */
    public void flush(SampleSink sink) {
        if (swr == null) {
            return;
        }
        int produced;
        do {
            produced = swr_convert(swr, outPlanes, outCapacity, (PointerPointer<?>) null, 0);
            emit(produced, sink);
        } while (produced > 0);
    }

    private void convert(int n, SampleSink sink) {
        int produced = swr_convert(swr, outPlanes, outCapacity, inPlanes, n);
        emit(produced, sink);
    }

    private void emit(int produced, SampleSink sink) {
        if (produced < 0) {
            throw new IllegalStateException("swresample failed: " + Ffmpeg.error(produced));
        }
        if (produced > 0) {
            out.get(javaOut, 0, produced);
            sink.accept(javaOut, produced);
        }
    }

    @Override
    public void close() {
        if (swr != null) {
            swr_free(swr);
            in.close();
            out.close();
            inPlanes.close();
            outPlanes.close();
        }
    }
}
