package org.hares.audio;

/** Receives decoded mono samples in order; the array is reused after the call returns. */
@FunctionalInterface
public interface SampleSink {

    /** Takes {@code samples[0, count)}. */
    void accept(float[] samples, int count);
}
