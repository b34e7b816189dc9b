package org.hares.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.hares.model.layer.WsConv2d;
import org.hares.model.weights.HaikuModule;

/** A network mapping a log-mel batch {@code (batch, time, freq, 1)} to embeddings {@code (batch, embeddingSize)}. */
public interface SpectrogramEncoder extends Block, HaikuModule {

    int embeddingSize();

    /**
     * The forward pass itself ({@code forward} calls it with {@link LayerTimer#OFF}): a {@code (batch, time, freq, 1)}
     * input to {@code (batch, embeddingSize)} in the input's data type, attached to the input's manager.
     */
    NDArray encode(ParameterStore ps, NDArray input, boolean training, LayerTimer timer);

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
