package org.hares.frontend;

/**
 * Triangular mel filters on the HTK mel scale ({@code 2595 log10(1 + f/700)}), without area
 * normalisation, laid out as torchaudio's {@code melscale_fbanks(..., norm=None, mel_scale="htk")}:
 * {@code melBins + 2} points equally spaced in mel between fMin and fMax, FFT bins at
 * {@code k * sampleRate / fftSize}. Stored sparsely: each filter keeps only its non-zero span.
 */
public final class MelFilterbank {

    private final int melBins;
    private final int fftBins;
    private final int[] firstBin;
    private final float[][] weights;

    public MelFilterbank(FrontendConfig config) {
        this.melBins = config.melBins();
        this.fftBins = config.fftBins();
        double[] dense = dense(config);
        firstBin = new int[melBins];
        weights = new float[melBins][];
        for (int m = 0; m < melBins; m++) {
            int lo = 0;
            while (lo < fftBins && dense[lo * melBins + m] == 0) {
                lo++;
            }
            int hi = fftBins;
            while (hi > lo && dense[(hi - 1) * melBins + m] == 0) {
                hi--;
            }
            firstBin[m] = lo;
            weights[m] = new float[hi - lo];
            for (int k = lo; k < hi; k++) {
                weights[m][k - lo] = (float) dense[k * melBins + m];
            }
        }
    }

    public static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    public static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    /** The dense filterbank, row-major {@code (fftBins, melBins)} as torchaudio returns it. */
    public static double[] dense(FrontendConfig config) {
        int nFreqs = config.fftBins();
        int nMels = config.melBins();
        double melMin = hzToMel(config.fMin());
        double melMax = hzToMel(config.fMax());
        double[] fPts = new double[nMels + 2];
        for (int i = 0; i < fPts.length; i++) {
            fPts[i] = melToHz(melMin + (melMax - melMin) * i / (nMels + 1));
        }
        double[] fb = new double[nFreqs * nMels];
        for (int k = 0; k < nFreqs; k++) {
            double f = (config.sampleRate() / 2.0) * k / (nFreqs - 1);
            for (int m = 0; m < nMels; m++) {
                double down = (f - fPts[m]) / (fPts[m + 1] - fPts[m]);
                double up = (fPts[m + 2] - f) / (fPts[m + 2] - fPts[m + 1]);
                fb[k * nMels + m] = Math.max(0.0, Math.min(down, up));
            }
        }
        return fb;
    }

    public int melBins() {
        return melBins;
    }

    /** Weight of FFT bin {@code bin} in filter {@code mel}. */
    public float weight(int mel, int bin) {
        int i = bin - firstBin[mel];
        return i >= 0 && i < weights[mel].length ? weights[mel][i] : 0f;
    }

    /** Applies the filters to one power spectrum ({@code fftBins} values), writing {@code melBins} values at {@code outOffset}. */
    void apply(float[] power, float[] out, int outOffset) {
        for (int m = 0; m < melBins; m++) {
            float[] w = weights[m];
            int lo = firstBin[m];
            float sum = 0f;
            for (int i = 0; i < w.length; i++) {
                sum += w[i] * power[lo + i];
            }
            out[outOffset + m] = sum;
        }
    }

    int fftBins() {
        return fftBins;
    }
}
