package org.hares.audio;

import java.util.Objects;

/** Mono audio as float samples in [-1, 1] at a sample rate. */
public record AudioClip(float[] samples, int sampleRate) {

    public AudioClip {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }
}
