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
     * Returns {@code scale · gelu(x)} as a new array and leaves {@code x} untouched. Inference calls
     * libtorch's fused kernel ({@code gelu(approximate='tanh')}, through {@link TorchOps}): one pass
     * where the composed form below makes seven, and gelu was 16 % of a forward pass. Training
     * composes DJL ops so that autograd records them.
     */
    public static NDArray apply(NDArray x, double scale, boolean training) {
        if (!training) {
            return TorchOps.run("gelu_tanh", x, scale);
        }
        NDArray twoU = x.square().mul(TWO_SQRT_2_OVER_PI * CUBIC).add(TWO_SQRT_2_OVER_PI).mul(x);
        NDArray y = Activation.sigmoid(twoU).mul(x);
        return scale == 1.0 ? y : y.mul(scale);
    }
}
