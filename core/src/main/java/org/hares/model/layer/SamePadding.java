package org.hares.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import org.hares.model.spec.TimeFreq;

/**
 * XLA's 'SAME' padding on NCHW tensors (H = time, W = frequency): {@code out = ceil(n/s)},
 * {@code total = max((out−1)·s + k − n, 0)}, {@code before = total / 2}, the extra element at the
 * end. PyTorch pads symmetrically, so the asymmetric part is padded explicitly.
 */
public final class SamePadding {

    private SamePadding() {}

    /** Output length of a 'SAME' window of size {@code k}, stride {@code s} over {@code n} elements. */
    public static int outputSize(int n, int s) {
        return (n + s - 1) / s;
    }

    /** {@code {before, after}} padding of one axis. */
    public static int[] pads(int n, int k, int s) {
        int total = Math.max((outputSize(n, s) - 1) * s + k - n, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** Pads the last two axes of {@code x} for a 'SAME' window with {@code value}; returns {@code x} when nothing is padded. */
    public static NDArray pad(NDArray x, TimeFreq kernel, TimeFreq stride, double value) {
        Shape s = x.getShape();
        int[] pt = pads((int) s.get(2), kernel.time(), stride.time());
        int[] pf = pads((int) s.get(3), kernel.freq(), stride.freq());
        return padExplicit(x, pt[0], pt[1], pf[0], pf[1], value);
    }

    static NDArray padExplicit(NDArray x, int timeBefore, int timeAfter, int freqBefore, int freqAfter, double value) {
        if (timeBefore == 0 && timeAfter == 0 && freqBefore == 0 && freqAfter == 0) {
            return x;
        }
        // torch F.pad order: last axis first
        return x.pad(new Shape(freqBefore, freqAfter, timeBefore, timeAfter), value);
    }

    /** {@code hk.max_pool(padding='SAME')}: the padding is −∞, so padded cells never win (log-mels are negative). */
    public static NDArray maxPool(NDArray x, TimeFreq window, TimeFreq stride) {
        NDArray padded = pad(x, window, stride, Double.NEGATIVE_INFINITY);
        NDArray out = Pool.maxPool2d(padded, new Shape(window.time(), window.freq()),
                new Shape(stride.time(), stride.freq()), new Shape(0, 0), false);
        closeIfCopy(padded, x);
        return out;
    }

    /** {@code hk.avg_pool(padding='SAME')}: the window sum divided by the number of valid (unpadded) elements. */
    public static NDArray avgPool(NDArray x, TimeFreq window, TimeFreq stride) {
        Shape s = x.getShape();
        int[] pt = pads((int) s.get(2), window.time(), stride.time());
        int[] pf = pads((int) s.get(3), window.freq(), stride.freq());
        Shape kernel = new Shape(window.time(), window.freq());
        Shape strides = new Shape(stride.time(), stride.freq());
        if (pt[0] == 0 && pf[0] == 0 && window.equals(stride)) {
            // padding only at the end and windows that tile the input: PyTorch's ceil mode divides the
            // last, partial window by its valid count
            return Pool.avgPool2d(x, kernel, strides, new Shape(0, 0), true, true);
        }
        NDArray padded = padExplicit(x, pt[0], pt[1], pf[0], pf[1], 0);
        NDArray mean = Pool.avgPool2d(padded, kernel, strides, new Shape(0, 0), false, true);
        closeIfCopy(padded, x);
        try (NDArray ones = x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), DataType.FLOAT32, x.getDevice());
                NDArray paddedOnes = padExplicit(ones, pt[0], pt[1], pf[0], pf[1], 0);
                NDArray validFraction = Pool.avgPool2d(paddedOnes, kernel, strides, new Shape(0, 0), false, true);
                NDArray fraction = TypeCast.like(validFraction, mean)) {
            return mean.div(fraction);
        }
    }

    private static void closeIfCopy(NDArray maybeCopy, NDArray original) {
        if (maybeCopy != original) {
            maybeCopy.close();
        }
    }
}
