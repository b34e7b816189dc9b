package org.hares.model.spec;

/** A kernel or stride over the two spatial axes of a spectrogram: (time, frequency), Haiku's (H, W). */
public record TimeFreq(int time, int freq) {

    public TimeFreq {
        if (time < 1 || freq < 1) {
            throw new IllegalArgumentException("kernel/stride sizes must be >= 1, got (" + time + ", " + freq + ")");
        }
    }

    public static TimeFreq of(int time, int freq) {
        return new TimeFreq(time, freq);
    }

    public boolean isUnit() {
        return time == 1 && freq == 1;
    }

    public int area() {
        return time * freq;
    }

    @Override
    public String toString() {
        return "(" + time + ", " + freq + ")";
    }
}
