package org.hares.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Stochastic depth as in the NFNet reference: in training, each example's residual branch is
 * dropped with probability {@code rate}; kept branches are not rescaled. Inference is the identity.
 */
public record StochasticDepth(double rate) {

    public StochasticDepth {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("stochastic depth rate must be in [0, 1), got " + rate);
        }
    }

    public boolean isActive(boolean training) {
        return training && rate > 0;
    }

    /** A {@code (batch, 1)} mask of 0/1 values, 1 with probability {@code 1 − rate}, drawn from the engine's generator. */
    public NDArray keepMask(NDArray like, long batch) {
        NDArray u = like.getManager().randomUniform(0f, 1f, new Shape(batch, 1), like.getDataType(), like.getDevice());
        return u.addi(1 - rate).floor();
    }
}
