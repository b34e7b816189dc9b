package org.hares.audio;

import static org.bytedeco.ffmpeg.global.avutil.*;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * FFmpeg's decoded sample layouts and how each maps to floats in [-1, 1]: signed integers divide
 * by 2^(bits-1), unsigned 8-bit is (x - 128)/128, floats pass through.
 */
enum SampleFormat {
    U8(AV_SAMPLE_FMT_U8, false, 1) {
        @Override
        float sample(ByteBuffer b, int index) {
            return ((b.get(index) & 0xff) - 128) / 128f;
        }
    },
    S16(AV_SAMPLE_FMT_S16, false, 2) {
        @Override
        float sample(ByteBuffer b, int index) {
            return b.getShort(index * 2) / 32768f;
        }

        @Override
        void addPlane(ByteBuffer plane, int n, float[] acc, float[] scratch) {
            for (int i = 0; i < n; i++) {
                acc[i] += plane.getShort(i * 2) / 32768f;
            }
        }

        @Override
        void setInterleaved(ByteBuffer data, int n, int channels, float[] acc) {
            for (int i = 0, k = 0; i < n; i++) {
                float sum = 0f;
                for (int c = 0; c < channels; c++, k++) {
                    sum += data.getShort(k * 2) / 32768f;
                }
                acc[i] = sum;
            }
        }
    },
    S32(AV_SAMPLE_FMT_S32, false, 4) {
        @Override
        float sample(ByteBuffer b, int index) {
            return (float) (b.getInt(index * 4) / 2147483648.0);
        }
    },
    S64(AV_SAMPLE_FMT_S64, false, 8) {
        @Override
        float sample(ByteBuffer b, int index) {
            return (float) (b.getLong(index * 8) / 9.223372036854775808e18);
        }
    },
    FLT(AV_SAMPLE_FMT_FLT, false, 4) {
        @Override
        float sample(ByteBuffer b, int index) {
            return b.getFloat(index * 4);
        }

        @Override
        void addPlane(ByteBuffer plane, int n, float[] acc, float[] scratch) {
            plane.asFloatBuffer().get(scratch, 0, n);
            for (int i = 0; i < n; i++) {
                acc[i] += scratch[i];
            }
        }
    },
    DBL(AV_SAMPLE_FMT_DBL, false, 8) {
        @Override
        float sample(ByteBuffer b, int index) {
            return (float) b.getDouble(index * 8);
        }
    },
    U8P(AV_SAMPLE_FMT_U8P, true, 1, U8),
    S16P(AV_SAMPLE_FMT_S16P, true, 2, S16),
    S32P(AV_SAMPLE_FMT_S32P, true, 4, S32),
    S64P(AV_SAMPLE_FMT_S64P, true, 8, S64),
    FLTP(AV_SAMPLE_FMT_FLTP, true, 4, FLT),
    DBLP(AV_SAMPLE_FMT_DBLP, true, 8, DBL);

    final int code;
    final boolean planar;
    final int bytes;
    private final SampleFormat packed;

    SampleFormat(int code, boolean planar, int bytes) {
        this(code, planar, bytes, null);
    }

    SampleFormat(int code, boolean planar, int bytes, SampleFormat packed) {
        this.code = code;
        this.planar = planar;
        this.bytes = bytes;
        this.packed = packed;
    }

    /** Sample {@code index} (counted in samples, not bytes) of a little-/native-endian buffer. */
    float sample(ByteBuffer b, int index) {
        return packed.sample(b, index);
    }

    /** Sets {@code acc[i]} to the sum over channels of frame {@code i} of interleaved data. */
    void setInterleaved(ByteBuffer data, int n, int channels, float[] acc) {
        for (int i = 0, k = 0; i < n; i++) {
            float sum = 0f;
            for (int c = 0; c < channels; c++, k++) {
                sum += sample(data, k);
            }
            acc[i] = sum;
        }
    }

    /** Adds the first {@code n} samples of one plane (or a mono packed buffer) to {@code acc}. */
    void addPlane(ByteBuffer plane, int n, float[] acc, float[] scratch) {
        if (packed != null) {
            packed.addPlane(plane, n, acc, scratch);
            return;
        }
        for (int i = 0; i < n; i++) {
            acc[i] += sample(plane, i);
        }
    }

    boolean isFloatingPoint() {
        return this == FLT || this == DBL || this == FLTP || this == DBLP;
    }

    private static final SampleFormat[] BY_CODE = new SampleFormat[AV_SAMPLE_FMT_NB];

    static {
        for (SampleFormat f : values()) {
            BY_CODE[f.code] = f;
        }
    }

    static Optional<SampleFormat> of(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
