package org.hares.model;

import java.util.Arrays;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;
import org.hares.model.spec.NfNetVariant;

/** The networks hares can build, by their command-line id. */
public enum ModelArchitecture {
    SLOWFAST_NFNET_F0("slowfast-nfnet-f0", "Slowfast NFNet-F0 (F0-fast + F0-slow pathways, 4 fusions)",
            rate -> new SlowFastNfNet(NfNetVariant.F0_FAST.spec(), NfNetVariant.F0_SLOW.spec(), rate)),
    NFNET_F0_SLOW("nfnet-f0-slow", "NFNet F0-slow alone",
            rate -> new NfNet(NfNetVariant.F0_SLOW.spec(), rate)),
    NFNET_F0_FAST("nfnet-f0-fast", "NFNet F0-fast alone",
            rate -> new NfNet(NfNetVariant.F0_FAST.spec(), rate)),
    /** A tiny SlowFast with the TEST pathways, for fast tests of training code. */
    SLOWFAST_TEST("slowfast-test", "tiny SlowFast NFNet for tests (TEST pathways)",
            rate -> new SlowFastNfNet(NfNetVariant.TEST.spec(), NfNetVariant.TEST.spec(), rate));

    /** The stochastic depth rate of the reference: block i of 12 drops its residual with rate 0.1·i/12 in training. */
    public static final double DEFAULT_STOCHASTIC_DEPTH = 0.1;

    private final String id;
    private final String description;
    private final DoubleFunction<SpectrogramEncoder> factory;

    ModelArchitecture(String id, String description, DoubleFunction<SpectrogramEncoder> factory) {
        this.id = id;
        this.description = description;
        this.factory = factory;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** A new, uninitialised network with the reference stochastic depth. */
    public SpectrogramEncoder newBlock() {
        return newBlock(DEFAULT_STOCHASTIC_DEPTH);
    }

    /** A new, uninitialised network; {@code stochasticDepthRate} 0 turns stochastic depth off. */
    public SpectrogramEncoder newBlock(double stochasticDepthRate) {
        return factory.apply(stochasticDepthRate);
    }

    public int embeddingSize() {
        return newBlock().embeddingSize();
    }

    public static ModelArchitecture parse(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + id + "'; valid: " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(ModelArchitecture::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
