package org.hares.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * JAX's default {@code gelu}: the tanh approximation {@code 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))},
 * computed as the identical {@code x·σ(2u)}. DJL's own {@code gelu} is the erf form, a different function.
 * Inside an NFNet it is scaled by {@link #GAMMA}.
 */
public final class TanhGelu {

    /** NFNets' γ for gelu: makes gelu(z) of unit variance for z ~ N(0, 1). */
    public static final double GAMMA = 1.7015043497085571;
    /** 2·√(2/π): {@code 2u = C·x·(1 + 0.044715x²)}. */
    static final double TWO_SQRT_2_OVER_PI = 2 * Math.sqrt(2 / Math.PI);
    static final double CUBIC = 0.044715;

    private TanhGelu() {}

    /** The function itself, in double precision. */
    public static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + CUBIC * x * x * x)));
    }

    /**
     * Returns {@code scale · gelu(x)} as a new array and leaves {@code x} untouched. Inference reuses
     * its temporaries in place (a large share of a forward pass is spent here); training must not,
     * because autograd needs the intermediate values.
     */
    public static NDArray apply(NDArray x, double scale, boolean training) {
        if (training) {
            NDArray twoU = x.square().mul(TWO_SQRT_2_OVER_PI * CUBIC).add(TWO_SQRT_2_OVER_PI).mul(x);
            NDArray y = Activation.sigmoid(twoU).mul(x);
            return scale == 1.0 ? y : y.mul(scale);
        }
        NDArray twoU = x.square();
        twoU.muli(TWO_SQRT_2_OVER_PI * CUBIC).addi(TWO_SQRT_2_OVER_PI).muli(x);
        NDArray y = Activation.sigmoid(twoU);
        twoU.close();
        y.muli(x);
        if (scale != 1.0) {
            y.muli(scale);
        }
        return y;
    }
}
