package org.hares.embed;

import java.util.Locale;

/** What an external ({@code torchscript:} or {@code onnx:}) model takes: one window per batch row. */
public enum ModelInput {
    /** {@code (B, samples)} float32 waveform in [-1, 1] at the declared sample rate. */
    WAVEFORM,
    /** {@code (B, T, mel bins, 1)}: the standardised log-mel of our front end. */
    LOGMEL;

    /** {@code waveform} or {@code logmel} (also {@code log-mel}), case-insensitive. */
    public static ModelInput parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "waveform" -> WAVEFORM;
            case "logmel", "log-mel" -> LOGMEL;
            default -> throw new IllegalArgumentException("unknown model input '" + text + "' (expected waveform or logmel)");
        };
    }

    /** The option value that names it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tensor shape of {@code batch} rows of {@code rowLength} values. */
    long[] shape(int batch, int rowLength, int melBins) {
        return this == LOGMEL ? new long[] {batch, rowLength / melBins, melBins, 1} : new long[] {batch, rowLength};
    }

    /** The contract in words, e.g. {@code (B, T, 128, 1) float32 log-mel}. */
    String contract(int melBins) {
        return this == LOGMEL ? "(B, T, " + melBins + ", 1) float32 log-mel" : "(B, samples) float32 waveform";
    }
}
