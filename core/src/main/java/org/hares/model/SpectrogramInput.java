package org.hares.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** The model boundary: Haiku's NHWC spectrogram batch {@code (batch, time, freq, 1)} to the NCHW layout used inside. */
final class SpectrogramInput {

    private SpectrogramInput() {}

    static NDArray toNchw(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(3) != 1 || s.get(0) < 1 || s.get(1) < 1 || s.get(2) < 1) {
            throw new IllegalArgumentException("model input must be (batch, time, freq, 1) with every size >= 1, got " + s);
        }
        // with one channel NHWC and NCHW hold the same bytes: a reshape, not a transpose
        return x.reshape(s.get(0), 1, s.get(1), s.get(2));
    }

    static Shape nchw(Shape nhwc) {
        return new Shape(nhwc.get(0), 1, nhwc.get(1), nhwc.get(2));
    }
}
