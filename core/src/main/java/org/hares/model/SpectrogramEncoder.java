package org.hares.model;

import ai.djl.nn.Block;
import org.hares.model.layer.WsConv2d;
import org.hares.model.weights.HaikuModule;

/** A network mapping a log-mel batch {@code (batch, time, freq, 1)} to embeddings {@code (batch, embeddingSize)}. */
public interface SpectrogramEncoder extends Block, HaikuModule {

    int embeddingSize();

    /** Multiply-accumulates (convolutions and linear layers) of one {@code time × freq} example. */
    long macs(long time, long freq);

    /** Drops every cached standardised weight; call after changing parameter values in place. */
    default void invalidateWeightCaches() {
        invalidate(this);
    }

    private static void invalidate(Block block) {
        if (block instanceof WsConv2d conv) {
            conv.invalidate();
        }
        block.getChildren().values().forEach(SpectrogramEncoder::invalidate);
    }
}
