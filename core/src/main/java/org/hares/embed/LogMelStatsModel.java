package org.hares.embed;

import java.util.List;
import java.util.Map;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;

/**
 * The {@code logmel-stats} baseline: per mel bin, the mean and the standard deviation over time of
 * the window's standardised log-mel (the model input the networks see): 2 × 128 = 256 values,
 * means first. All the work is in {@link #prepare}; {@link #embed} only hands the values on.
 */
public final class LogMelStatsModel implements EmbeddingModel {

    public static final String NAME = "logmel-stats";

    private final FrontendConfig config;
    private final LogMel logMel;

    public LogMelStatsModel(FrontendConfig config) {
        this.config = config;
        this.logMel = new LogMel(config);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sampleRate() {
        return config.sampleRate();
    }

    @Override
    public int embeddingSize() {
        return 2 * config.melBins();
    }

    @Override
    public String fingerprint() {
        return NAME + "-v1:" + config;
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("model", NAME, "description", "per-bin mean and std over time of the standardised log-mel window",
                "frontend", config.toString());
    }

    @Override
    public float[] prepare(float[] windowSamples) {
        float[] x = logMel.standardised(windowSamples);
        int bins = config.melBins();
        int frames = x.length / bins;
        float[] out = new float[2 * bins];
        for (int m = 0; m < bins; m++) {
            double sum = 0;
            for (int t = 0; t < frames; t++) {
                sum += x[t * bins + m];
            }
            double mean = sum / frames;
            double sq = 0;
            for (int t = 0; t < frames; t++) {
                double d = x[t * bins + m] - mean;
                sq += d * d;
            }
            out[m] = (float) mean;
            out[bins + m] = (float) Math.sqrt(sq / frames);
        }
        return out;
    }

    @Override
    public List<float[]> embed(List<float[]> prepared) {
        return prepared;
    }

    /** Any number: its work is done in {@link #prepare}, and {@link #embed} only hands values on, from any thread. */
    @Override
    public int maxStreams() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void close() {}
}
