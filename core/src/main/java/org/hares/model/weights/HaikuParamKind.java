package org.hares.model.weights;

import ai.djl.ndarray.types.Shape;

/**
 * The kinds of parameter in the Haiku model and how each is laid out: Haiku stores a convolution
 * weight as HWIO {@code (kh, kw, in/groups, out)} and a linear weight as {@code (in, out)}; DJL and
 * PyTorch use OIHW and {@code (out, in)}. Vectors and scalars are the same in both.
 */
public enum HaikuParamKind {
    CONV_W {
        @Override
        public long[] haikuShape(Shape djl) {
            return new long[] {djl.get(2), djl.get(3), djl.get(1), djl.get(0)};
        }

        @Override
        public float[] toDjl(float[] haiku, long[] haikuShape) {
            int kh = (int) haikuShape[0], kw = (int) haikuShape[1], in = (int) haikuShape[2], out = (int) haikuShape[3];
            float[] djl = new float[haiku.length];
            for (int h = 0; h < kh; h++) {
                for (int w = 0; w < kw; w++) {
                    for (int i = 0; i < in; i++) {
                        int src = ((h * kw + w) * in + i) * out;
                        for (int o = 0; o < out; o++) {
                            djl[((o * in + i) * kh + h) * kw + w] = haiku[src + o];
                        }
                    }
                }
            }
            return djl;
        }

        @Override
        public float[] toHaiku(float[] djl, long[] haikuShape) {
            int kh = (int) haikuShape[0], kw = (int) haikuShape[1], in = (int) haikuShape[2], out = (int) haikuShape[3];
            float[] haiku = new float[djl.length];
            for (int h = 0; h < kh; h++) {
                for (int w = 0; w < kw; w++) {
                    for (int i = 0; i < in; i++) {
                        int dst = ((h * kw + w) * in + i) * out;
                        for (int o = 0; o < out; o++) {
                            haiku[dst + o] = djl[((o * in + i) * kh + h) * kw + w];
                        }
                    }
                }
            }
            return haiku;
        }
    },
    LINEAR_W {
        @Override
        public long[] haikuShape(Shape djl) {
            return new long[] {djl.get(1), djl.get(0)};
        }

        @Override
        public float[] toDjl(float[] haiku, long[] haikuShape) {
            return transpose(haiku, (int) haikuShape[0], (int) haikuShape[1]);
        }

        @Override
        public float[] toHaiku(float[] djl, long[] haikuShape) {
            return transpose(djl, (int) haikuShape[1], (int) haikuShape[0]);
        }
    },
    /** WSConv2D {@code gain}, initialised to 1. */
    GAIN,
    /** NFBlock {@code skip_gain}, a scalar initialised to 0. */
    SKIP_GAIN,
    /** WSConv2D {@code bias}, initialised to 0. */
    CONV_BIAS,
    /** Linear {@code b}, initialised to 0. */
    LINEAR_B;

    /** The Haiku shape of a parameter whose DJL shape is {@code djl}. */
    public long[] haikuShape(Shape djl) {
        return djl.getShape();
    }

    /** Values in Haiku layout (row-major) → values in DJL layout (row-major). */
    public float[] toDjl(float[] haiku, long[] haikuShape) {
        return haiku;
    }

    /** Values in DJL layout (row-major) → values in Haiku layout (row-major). */
    public float[] toHaiku(float[] djl, long[] haikuShape) {
        return djl;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
