package org.hares.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Adaptive gradient clipping (Brock et al. 2021, the NFNet paper): each unit's gradient (a row of
 * an output channel or output unit; each element of a vector; a scalar as a whole) is rescaled to
 * at most {@code λ · max(‖w‖, 1e-3)} of its weight's norm. Applied to the backbone only, as the
 * NFNet paper leaves the final classifier unclipped. Off by default, as in the HARES paper.
 */
final class AdaptiveGradientClipping {

    static final float WEIGHT_FLOOR = 1e-3f;
    static final float GRADIENT_FLOOR = 1e-6f;

    private AdaptiveGradientClipping() {}

    static void clip(List<TrainingModel.Named> parameters, float lambda) {
        for (TrainingModel.Named p : parameters) {
            if (p.backbone()) {
                try (NDArray grad = p.array().getGradient()) {
                    clip(p.array(), grad, lambda);
                }
            }
        }
    }

    /** Clips {@code grad} in place. */
    static void clip(NDArray weight, NDArray grad, float lambda) {
        try (NDManager scope = weight.getManager().newSubManager()) {
            NDArray w = unitRows(weight);
            w.attach(scope);
            NDArray g = unitRows(grad);
            g.attach(scope);
            NDArray wNorm = w.square().sum(new int[] {1}, true).sqrt().maximum(WEIGHT_FLOOR);
            NDArray gNorm = g.square().sum(new int[] {1}, true).sqrt().maximum(GRADIENT_FLOOR);
            NDArray maxNorm = wNorm.mul(lambda);
            NDArray factor = maxNorm.div(gNorm).minimum(1f);
            grad.muli(factor.reshape(new ai.djl.ndarray.types.Shape(unitShape(weight))));
        }
    }

    private static NDArray unitRows(NDArray a) {
        long n = a.getShape().dimension() == 0 ? 1 : a.getShape().get(0);
        return a.getShape().dimension() == 1 ? a.reshape(n, 1) : a.reshape(n, a.size() / n);
    }

    private static long[] unitShape(NDArray a) {
        int dims = a.getShape().dimension();
        if (dims == 0) {
            return new long[0];
        }
        long[] s = new long[dims];
        java.util.Arrays.fill(s, 1);
        s[0] = a.getShape().get(0);
        return s;
    }
}
