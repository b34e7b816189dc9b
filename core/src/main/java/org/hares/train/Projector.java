package org.hares.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * The SimCLR projector: {@code depth} hidden layers of {@code width} units (Linear → batch
 * normalisation → ReLU), then a linear map to the projection. The normalisation uses the
 * statistics of the whole batch it is given, without a learned scale and shift (the next Linear
 * absorbs the scale). {@link SimclrObjective} always projects the whole batch at once, also when
 * the backbone runs in micro-batches, so the statistics never depend on how a batch is split.
 */
final class Projector {

    // small: a fresh NFNet's embedding is about 1e-2 in size, and its scale must not matter
    private static final float EPSILON = 1e-10f;

    private Projector() {}

    static SequentialBlock of(int width, int depth, int outputs) {
        SequentialBlock mlp = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            mlp.add(Linear.builder().setUnits(width).optBias(false).build());
            mlp.add(new LambdaBlock(x -> new NDList(standardise(x.head())), "batch_norm"));
            mlp.add(Activation.reluBlock());
        }
        mlp.add(Linear.builder().setUnits(outputs).build());
        return mlp;
    }

    /** Each feature to zero mean and unit variance over the batch (biased variance, as BatchNorm). */
    static NDArray standardise(NDArray x) {
        NDArray centred = x.sub(x.mean(new int[] {0}, true));
        return centred.div(centred.square().mean(new int[] {0}, true).add(EPSILON).sqrt());
    }
}
