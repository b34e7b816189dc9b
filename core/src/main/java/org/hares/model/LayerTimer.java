package org.hares.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.hares.model.layer.WsConv2d;

/**
 * Where a forward pass spends its time. The forward calls {@link #lap} after each part of a layer;
 * a lap covers everything since the previous one (or {@link #start}), so the laps of a pass add up
 * to the whole pass. libtorch's CPU operations are synchronous, so a lap is the operations' own time.
 * {@link #OFF}, the timer of every ordinary forward, does nothing.
 */
public interface LayerTimer {

    /** What a part of a layer computes. */
    enum Kind {
        CONV_1X1("1x1 conv"),
        CONV_GROUPED("grouped conv"),
        CONV_DENSE("dense conv"),
        GELU("gelu"),
        SQUEEZE_EXCITE("squeeze-excite"),
        RESIDUAL("gate, skip, add"),
        POOL("pooling"),
        CONCAT("fusion concat"),
        COPY("input/output copy");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Kind of(WsConv2d conv) {
            return conv.groups() > 1 ? CONV_GROUPED : conv.isPointwise() ? CONV_1X1 : CONV_DENSE;
        }
    }

    LayerTimer OFF = (layer, kind, macs) -> { };

    /** Starts a pass: the first lap is timed from here. */
    default void start() {
    }

    /**
     * Ends a lap: the time since the previous one is {@code kind} work of {@code layer}.
     *
     * @param macs the lap's multiply-accumulates over the whole batch (0 for work the model's MAC count leaves out)
     */
    void lap(String layer, Kind kind, long macs);

    /** {@code conv(x)}, timed as one lap of {@code layer} with the convolution's MACs for {@code x}'s shape. */
    default NDArray conv(String layer, WsConv2d conv, ParameterStore ps, NDArray x, boolean training) {
        NDArray y = conv.apply(ps, x, training);
        lap(layer, Kind.of(conv), x.getShape().get(0) * conv.macs(x.getShape().get(2), x.getShape().get(3)));
        return y;
    }

    /**
     * The readable name of a Haiku module path: the SlowFast prefix dropped, its pathways {@code NFNet}
     * and {@code NFNet_1} called {@code fast} and {@code slow}, a standalone NFNet's prefix dropped.
     */
    static String label(String haikuName) {
        String inner = SlowFastNfNet.NAME + "/~/";
        String name = haikuName.startsWith(inner)
                ? haikuName.substring(inner.length()).replaceFirst("^NFNet_1/~/", "slow/").replaceFirst("^NFNet/~/", "fast/")
                : haikuName.replaceFirst("^NFNet/~/", "");
        return name.replace("/~/", "/");
    }
}
