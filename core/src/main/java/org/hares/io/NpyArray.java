package org.hares.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional numpy array held as its raw little-endian bytes in C (row-major) order. This is
 * the plain-Java exchange type for {@code .npy}/{@code .npz} files: no DJL types, so it can be used
 * by decoding and feature code that never loads the native engine.
 */
public record NpyArray(NpyDtype dtype, long[] shape, ByteBuffer data) {

    public NpyArray {
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        long expected = elementCount(shape) * dtype.itemSize();
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + expected + " bytes, got " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A float32 array; with no shape given it is one-dimensional. */
    public static NpyArray ofFloats(float[] values, long... shape) {
        ByteBuffer b = allocate(values.length, 4);
        b.asFloatBuffer().put(values);
        return new NpyArray(NpyDtype.FLOAT32, checkCount(values.length, shape), b);
    }

    /** A rank-0 float32 array (numpy shape {@code ()}), such as Haiku's {@code skip_gain}. */
    public static NpyArray scalar(float value) {
        ByteBuffer b = allocate(1, 4);
        b.putFloat(0, value);
        return new NpyArray(NpyDtype.FLOAT32, new long[0], b);
    }

    public static NpyArray ofDoubles(double[] values, long... shape) {
        ByteBuffer b = allocate(values.length, 8);
        b.asDoubleBuffer().put(values);
        return new NpyArray(NpyDtype.FLOAT64, checkCount(values.length, shape), b);
    }

    public static NpyArray ofInts(int[] values, long... shape) {
        ByteBuffer b = allocate(values.length, 4);
        b.asIntBuffer().put(values);
        return new NpyArray(NpyDtype.INT32, checkCount(values.length, shape), b);
    }

    public static NpyArray ofLongs(long[] values, long... shape) {
        ByteBuffer b = allocate(values.length, 8);
        b.asLongBuffer().put(values);
        return new NpyArray(NpyDtype.INT64, checkCount(values.length, shape), b);
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long size() {
        return elementCount(shape);
    }

    public int rank() {
        return shape.length;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as ints, for arrays whose every dimension fits one. */
    public int[] intShape() {
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The values as float32: float16 and float32 exactly, float64 rounded to the nearest float32,
     * integers and booleans only when every value is exactly representable as a float32.
     *
     * @throws ArithmeticException naming the first integer value that has no exact float32
     */
    public float[] toFloats() {
        int n = Math.toIntExact(size());
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case FLOAT16 -> { for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort(i * 2)); }
            case FLOAT64 -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(i * 8); }
            default -> {
                long[] l = toLongs();
                for (int i = 0; i < n; i++) {
                    out[i] = l[i];
                    // (long) of a float at or above 2^63 saturates, so that case is excluded explicitly
                    if (out[i] >= 0x1p63f || (long) out[i] != l[i]) {
                        throw new ArithmeticException(dtype.name().toLowerCase(java.util.Locale.ROOT) + " value " + l[i]
                                + " at index " + i + " has no exact float32 (integers are exact only up to 2^24 in general)");
                    }
                }
            }
        }
        return out;
    }

    /** How many values are NaN or infinite (always 0 for integer and boolean arrays). */
    public long nonFiniteCount() {
        int n = Math.toIntExact(size());
        ByteBuffer b = data();
        long count = 0;
        switch (dtype) {
            case FLOAT16 -> { for (int i = 0; i < n; i++) if ((b.getShort(i * 2) & 0x7c00) == 0x7c00) count++; }
            case FLOAT32 -> { for (int i = 0; i < n; i++) if (!Float.isFinite(b.getFloat(i * 4))) count++; }
            case FLOAT64 -> { for (int i = 0; i < n; i++) if (!Double.isFinite(b.getDouble(i * 8))) count++; }
            default -> { }
        }
        return count;
    }

    /** IEEE 754 binary16 to float32, exact (every half value is a float value). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }

    /** The values converted to double. */
    public double[] toDoubles() {
        int n = Math.toIntExact(size());
        double[] out = new double[n];
        ByteBuffer b = data();
        switch (dtype) {
            case FLOAT64 -> b.asDoubleBuffer().get(out);
            case FLOAT32 -> { for (int i = 0; i < n; i++) out[i] = b.getFloat(i * 4); }
            case FLOAT16 -> { for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort(i * 2)); }
            default -> { long[] l = toLongs(); for (int i = 0; i < n; i++) out[i] = l[i]; }
        }
        return out;
    }

    /** The values as longs; only integer and boolean arrays. */
    public long[] toLongs() {
        int n = Math.toIntExact(size());
        long[] out = new long[n];
        ByteBuffer b = data();
        switch (dtype) {
            case INT8, BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(i); }
            case UINT8 -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
            case INT16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); }
            case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
            case INT64 -> b.asLongBuffer().get(out);
            case FLOAT16, FLOAT32, FLOAT64 -> throw new IllegalStateException("array of " + dtype + " is not integral");
        }
        return out;
    }

    /** Value equality: same dtype, shape and bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other
                && dtype == other.dtype
                && Arrays.equals(shape, other.shape)
                && data().equals(other.data());
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), data().hashCode());
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }

    private static ByteBuffer allocate(int count, int itemSize) {
        return ByteBuffer.allocate(Math.multiplyExact(count, itemSize)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long[] checkCount(int count, long[] shape) {
        long[] s = shape.length == 0 ? new long[] {count} : shape;
        if (elementCount(s) != count) {
            throw new IllegalArgumentException(count + " values do not fill shape " + Arrays.toString(s));
        }
        return s;
    }
}
