package org.hares.frontend;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The log-mel front end: centred frames with reflect padding, periodic Hann window, power
 * spectrum, HTK mel filters, natural log of (mel + offset). Equivalent to
 * {@code torch.log(torchaudio.transforms.MelSpectrogram(...)(wave) + 1e-6).T} with the
 * settings of {@link FrontendConfig}. Immutable and safe to share between threads.
 */
public final class LogMel {

    private final FrontendConfig config;
    private final float[] window;
    private final int windowOffset;
    private final MelFilterbank filterbank;
    private final ThreadLocal<Workspace> workspace;

    public LogMel(FrontendConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        int n = config.windowLength();
        window = new float[n];
        for (int i = 0; i < n; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / n));
        }
        windowOffset = (config.fftSize() - n) / 2;
        filterbank = new MelFilterbank(config);
        workspace = ThreadLocal.withInitial(() -> new Workspace(config));
    }

    public FrontendConfig config() {
        return config;
    }

    public MelFilterbank filterbank() {
        return filterbank;
    }

    /** Frames a crop of {@code samples} samples yields: {@code 1 + samples / hop}. */
    public int frames(int samples) {
        return config.frames(samples);
    }

    /** Raw log-mel of the whole array, row-major {@code (frames, melBins)}. */
    public float[] compute(float[] samples) {
        return compute(samples, 0, samples.length);
    }

    /** Raw log-mel of {@code samples[offset, offset+length)}, as if that range were the whole signal. */
    public float[] compute(float[] samples, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, samples.length);
        int frames = frames(length);
        float[] out = new float[frames * config.melBins()];
        computeFrames(samples, offset, length, 0, frames, out, 0);
        return out;
    }

    /**
     * Log-mel frames {@code [firstFrame, firstFrame+count)} of the signal {@code samples[offset,
     * offset+length)}, written row-major into {@code out} at {@code outOffset}. Lets long signals be
     * processed in slices without a second copy.
     */
    public void computeFrames(float[] samples, int offset, int length, int firstFrame, int count,
                              float[] out, int outOffset) {
        java.util.Objects.checkFromIndexSize(offset, length, samples.length);
        java.util.Objects.checkFromIndexSize(firstFrame, count, frames(length));
        java.util.Objects.checkFromIndexSize(outOffset, count * config.melBins(), out.length);
        if (length == 0) {
            // nothing to reflect: the single frame of an empty signal is silence
            java.util.Arrays.fill(out, outOffset, outOffset + count * config.melBins(), (float) Math.log(config.logOffset()));
            return;
        }
        for (int t = firstFrame; t < firstFrame + count; t++) {
            frame(samples, -offset, length, t, out, outOffset + (t - firstFrame) * config.melBins());
        }
    }

    /**
     * Log-mel frame {@code t} of a signal of {@code length} samples whose sample {@code i} is held
     * at {@code samples[i - base]} (only the samples under frame t's window need be there).
     */
    void frame(float[] samples, long base, long length, long t, float[] out, int o) {
        Workspace ws = workspace.get();
        float[] buf = ws.buf;
        float[] power = ws.power;
        int winLen = window.length;
        int half = config.fftSize() / 2;
        int melBins = config.melBins();
        float logOffset = (float) config.logOffset();
        // signal index under window position 0
        long start = t * config.hopLength() + windowOffset - half;
        java.util.Arrays.fill(buf, 0f);
        if (start >= 0 && start + winLen <= length) {
            int from = (int) (start - base);
            for (int i = 0; i < winLen; i++) {
                buf[windowOffset + i] = samples[from + i] * window[i];
            }
        } else {
            for (int i = 0; i < winLen; i++) {
                buf[windowOffset + i] = samples[(int) (reflect(start + i, length) - base)] * window[i];
            }
        }
        ws.fft.realForward(buf);
        power[0] = buf[0] * buf[0];
        power[half] = buf[1] * buf[1];
        for (int k = 1; k < half; k++) {
            float re = buf[2 * k];
            float im = buf[2 * k + 1];
            power[k] = re * re + im * im;
        }
        filterbank.apply(power, out, o);
        for (int m = 0; m < melBins; m++) {
            out[o + m] = (float) Math.log(out[o + m] + logOffset);
        }
    }

    /**
     * The model's input for one window: log-mel of the crop, minus its mean, divided by
     * max(std, stdFloor), both over every bin of the window (population std).
     */
    public float[] standardised(float[] windowSamples) {
        float[] x = compute(windowSamples);
        standardiseInPlace(x, config.stdFloor());
        return x;
    }

    /** Subtracts the mean of all values and divides by max(population std, floor). */
    public static void standardiseInPlace(float[] x, double stdFloor) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double sq = 0;
        for (float v : x) {
            double d = v - mean;
            sq += d * d;
        }
        double std = Math.max(Math.sqrt(sq / x.length), stdFloor);
        float m = (float) mean;
        float inv = (float) (1.0 / std);
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - m) * inv;
        }
    }

    /** Index of sample {@code j} of the signal extended by reflection at both ends (numpy/torch "reflect"). */
    static long reflect(long j, long length) {
        if (length <= 1) {
            return 0;
        }
        long period = 2 * (length - 1);
        long r = Math.floorMod(j, period);
        return r < length ? r : period - r;
    }

    private static final class Workspace {
        final FloatFFT_1D fft;
        final float[] buf;
        final float[] power;

        Workspace(FrontendConfig config) {
            fft = new FloatFFT_1D(config.fftSize());
            buf = new float[config.fftSize()];
            power = new float[config.fftBins()];
        }
    }
}
