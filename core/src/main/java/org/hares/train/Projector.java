package org.hares.train;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The SimCLR projector: {@code depth} hidden layers of {@code width} units (Linear → LayerNorm →
 * ReLU), then a linear map to the projection. LayerNorm rather than SimCLR's BatchNorm: per-example
 * statistics keep the loss independent of how a batch is split into micro-batches, which gradient
 * caching needs (and the backbone itself is normaliser-free).
 */
final class Projector {

    private Projector() {}

    static SequentialBlock of(int width, int depth, int outputs) {
        SequentialBlock mlp = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            mlp.add(Linear.builder().setUnits(width).build());
            mlp.add(LayerNorm.builder().build());
            mlp.add(Activation.reluBlock());
        }
        mlp.add(Linear.builder().setUnits(outputs).build());
        return mlp;
    }
}
