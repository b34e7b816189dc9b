package org.hares.audio;

import java.util.Arrays;

/** A growable float array that collects streamed samples. */
final class FloatArrayBuilder implements SampleSink {

    private float[] data;
    private int size;

    FloatArrayBuilder(int initialCapacity) {
        data = new float[Math.max(16, initialCapacity)];
    }

    @Override
    public void accept(float[] samples, int count) {
        if (size + count > data.length) {
            long grown = Math.max((long) size + count, data.length + (data.length >> 1));
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("audio longer than " + (Integer.MAX_VALUE - 16) + " samples");
            }
            data = Arrays.copyOf(data, (int) grown);
        }
        System.arraycopy(samples, 0, data, size, count);
        size += count;
    }

    int size() {
        return size;
    }

    /** The samples collected, in an array of exactly {@link #size()}. */
    float[] toArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }
}
