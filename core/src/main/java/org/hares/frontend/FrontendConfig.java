package org.hares.frontend;

/**
 * Log-mel front-end settings. The defaults reproduce torchaudio's
 * {@code MelSpectrogram(sample_rate=16000, n_fft=512, win_length=400, hop_length=160, f_min=60,
 * f_max=7800, n_mels=128, power=2, center=True, pad_mode="reflect", mel_scale="htk", norm=None)}
 * followed by {@code log(mel + 1e-6)}; the Hann window is periodic and framing is centred with
 * reflect padding.
 *
 * @param sampleRate   audio sample rate in Hz the features are computed at
 * @param windowLength Hann window length in samples (torchaudio {@code win_length})
 * @param hopLength    hop between frames in samples
 * @param fftSize      FFT length ({@code n_fft}); the window is centred inside it
 * @param melBins      number of mel bands (HTK mel scale, no area normalisation)
 * @param fMin         lowest filter edge in Hz
 * @param fMax         highest filter edge in Hz
 * @param logOffset    added to the mel power before the natural log
 * @param stdFloor     lower bound of the standard deviation when standardising a model window
 */
public record FrontendConfig(int sampleRate, int windowLength, int hopLength, int fftSize, int melBins,
                             double fMin, double fMax, double logOffset, double stdFloor) {

    public static final FrontendConfig DEFAULT = new FrontendConfig(16000, 400, 160, 512, 128, 60, 7800, 1e-6, 1e-5);

    public FrontendConfig {
        positive("sample rate", sampleRate);
        positive("window length", windowLength);
        positive("hop length", hopLength);
        positive("FFT size", fftSize);
        positive("mel bins", melBins);
        if (windowLength > fftSize) {
            throw new IllegalArgumentException("window length " + windowLength + " exceeds FFT size " + fftSize);
        }
        if ((fftSize & 1) != 0) {
            throw new IllegalArgumentException("FFT size must be even, got " + fftSize);
        }
        if (!(fMin >= 0 && fMin < fMax && fMax <= sampleRate / 2.0)) {
            throw new IllegalArgumentException("need 0 <= fMin < fMax <= sampleRate/2, got fMin=" + fMin
                    + " fMax=" + fMax + " sampleRate=" + sampleRate);
        }
        if (!(logOffset > 0) || !Double.isFinite(logOffset)) {
            throw new IllegalArgumentException("log offset must be positive, got " + logOffset);
        }
        if (!(stdFloor > 0) || !Double.isFinite(stdFloor)) {
            throw new IllegalArgumentException("std floor must be positive, got " + stdFloor);
        }
    }

    /** Number of FFT bins ({@code fftSize / 2 + 1}). */
    public int fftBins() {
        return fftSize / 2 + 1;
    }

    /** Frames a crop of {@code samples} samples yields with centred framing: {@code 1 + samples / hop}. */
    public int frames(int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + samples);
        }
        return 1 + samples / hopLength;
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
