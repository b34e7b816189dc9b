package org.hares.eval.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;

/** Output activations and losses of an {@link OutputLayout} on DJL arrays. */
final class Outputs {

    private Outputs() {}

    /** Probabilities: sigmoid per column, or softmax within each group. */
    static NDArray probabilities(NDArray logits, OutputLayout layout) {
        if (layout.sigmoid()) {
            return Activation.sigmoid(logits);
        }
        return logSoftmax(logits, layout).exp();
    }

    /** log-softmax within each group (columns of the same row). */
    static NDArray logSoftmax(NDArray logits, OutputLayout layout) {
        if (layout.groupCount() == 1) {
            return logits.logSoftmax(1);
        }
        NDList parts = new NDList();
        for (int g = 0; g < layout.groupCount(); g++) {
            int start = layout.groupStart(g);
            parts.add(logits.get(new NDIndex(":, {}:{}", start, start + layout.groups()[g])).logSoftmax(1));
        }
        return NDArrays.concat(parts, 1);
    }

    /**
     * Per-row loss: summed softmax cross-entropies of the groups (the three Fluent Speech Commands
     * heads' losses add), or summed binary cross-entropies of the sigmoid columns.
     */
    static NDArray rowLoss(NDArray logits, NDArray targets, OutputLayout layout) {
        if (layout.sigmoid()) {
            // softplus(z) - y·z is BCE-with-logits, stable for large |z|
            return Activation.softPlus(logits).sub(targets.mul(logits)).sum(new int[] {1});
        }
        return logSoftmax(logits, layout).mul(targets).sum(new int[] {1}).neg();
    }
}
