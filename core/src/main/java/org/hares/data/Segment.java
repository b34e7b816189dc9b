package org.hares.data;

/** The part of an audio file a clip covers, in seconds; {@link #WHOLE} is the whole file. */
public record Segment(double offsetSeconds, double durationSeconds) {

    public static final Segment WHOLE = new Segment(0, Double.POSITIVE_INFINITY);

    public Segment {
        if (!(offsetSeconds >= 0) || !(durationSeconds > 0)) {
            throw new IllegalArgumentException("segment needs offset >= 0 and duration > 0, got "
                    + offsetSeconds + ", " + durationSeconds);
        }
    }

    public boolean isWholeFile() {
        return offsetSeconds == 0 && durationSeconds == Double.POSITIVE_INFINITY;
    }
}
