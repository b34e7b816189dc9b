package org.hares.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.hares.model.layer.TanhGelu;
import org.hares.model.layer.WsConv2d;
import org.hares.model.spec.NfNetSpec;
import org.hares.model.spec.StageSpec;
import org.hares.model.spec.TimeFreq;
import org.hares.model.weights.HaikuParameter;

/**
 * One NFNet pathway: stem ({@code stem_conv0..3}), {@code nf_block … nf_block_11}, and the head
 * ({@code final_conv}, scaled gelu, mean over time and frequency). Standalone it maps
 * {@code (batch, time, freq, 1)} to {@code (batch, 2 × last width)}; inside {@link SlowFastNfNet}
 * its stem and blocks are driven one by one.
 */
public final class NfNet extends AbstractBlock implements SpectrogramEncoder {

    private static final TimeFreq UNIT = TimeFreq.of(1, 1);

    private final NfNetSpec spec;
    /** This pathway's name in a profile, before {@code /stem} and {@code /head}. */
    private final String layerPrefix;
    private final List<WsConv2d> stem = new ArrayList<>();
    private final List<NfBlock> blocks = new ArrayList<>();
    private final List<Integer> stageStarts = new ArrayList<>();
    private final WsConv2d finalConv;

    /** A standalone NFNet, top module {@code NFNet}. */
    public NfNet(NfNetSpec spec, double stochasticDepthRate) {
        this(spec, "NFNet", stochasticDepthRate, new int[spec.stages().size()]);
    }

    /**
     * @param haikuName the module path ({@code NFNet}, or {@code slow_fast_nf_net/~/NFNet_1} inside SlowFast)
     * @param fusedChannels per stage, channels concatenated to this pathway's input before the stage's first block
     */
    NfNet(NfNetSpec spec, String haikuName, double stochasticDepthRate, int[] fusedChannels) {
        if (fusedChannels.length != spec.stages().size()) {
            throw new IllegalArgumentException("one fused channel count per stage expected, got " + fusedChannels.length);
        }
        this.spec = spec;
        String prefix = haikuName + "/~/";
        this.layerPrefix = LayerTimer.label(prefix);
        int channels = 1;
        for (int i = 0; i < NfNetSpec.STEM_CONVS; i++) {
            String name = "stem_conv" + i;
            stem.add(addChildBlock(name, new WsConv2d(prefix + name, channels, spec.stemChannels(i),
                    spec.stemKernels().get(i), spec.stemStrides().get(i))));
            channels = spec.stemChannels(i);
        }
        double expectedStd = 1.0;
        int index = 0;
        int total = spec.blockCount();
        for (int g = 0; g < spec.stages().size(); g++) {
            StageSpec stage = spec.stages().get(g);
            stageStarts.add(index);
            for (int d = 0; d < stage.depth(); d++) {
                String name = index == 0 ? "nf_block" : "nf_block_" + index;
                boolean first = d == 0;
                int actualIn = first ? channels + fusedChannels[g] : channels;
                blocks.add(addChildBlock(name, new NfBlock(prefix + name, actualIn, channels, stage.width(),
                        stage.conv1Kernel(), first ? stage.stride() : UNIT, stage.groupWidth(), 1 / expectedStd,
                        stochasticDepthRate * index / total)));
                if (first) {
                    expectedStd = 1.0;
                }
                expectedStd = Math.sqrt(expectedStd * expectedStd + NfNetSpec.ALPHA * NfNetSpec.ALPHA);
                channels = stage.width();
                index++;
            }
        }
        this.finalConv = addChildBlock("final_conv", new WsConv2d(prefix + "final_conv", channels,
                spec.outputChannels(), UNIT, UNIT));
    }

    public NfNetSpec spec() {
        return spec;
    }

    @Override
    public int embeddingSize() {
        return spec.outputChannels();
    }

    public List<NfBlock> blocks() {
        return List.copyOf(blocks);
    }

    /** Index in {@link #blocks()} of the first block of each stage. */
    List<Integer> stageStarts() {
        return List.copyOf(stageStarts);
    }

    /** The name in a profile of a part of this pathway ({@code stem}, {@code head}). */
    String layerName(String part) {
        return layerPrefix + part;
    }

    WsConv2d finalConv() {
        return finalConv;
    }

    List<WsConv2d> stemConvs() {
        return List.copyOf(stem);
    }

    @Override
    public List<HaikuParameter> haikuParameters() {
        List<HaikuParameter> out = new ArrayList<>(stemParameters());
        out.addAll(blockAndHeadParameters());
        return out;
    }

    List<HaikuParameter> stemParameters() {
        List<HaikuParameter> out = new ArrayList<>();
        stem.forEach(c -> out.addAll(c.haikuParameters()));
        return out;
    }

    private List<HaikuParameter> blockAndHeadParameters() {
        List<HaikuParameter> out = new ArrayList<>();
        blocks.forEach(b -> out.addAll(b.haikuParameters()));
        out.addAll(finalConv.haikuParameters());
        return out;
    }

    /** The stem on an NCHW input: four convolutions, scaled gelu after the first three. */
    NDArray stem(ParameterStore ps, NDArray x, boolean training, LayerTimer timer) {
        String layer = layerName("stem");
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            x.tempAttach(scope);
            NDArray h = x;
            for (int i = 0; i < stem.size(); i++) {
                h = timer.conv(layer, stem.get(i), ps, h, training);
                if (i < stem.size() - 1) {
                    h = TanhGelu.applyInPlace(h, TanhGelu.GAMMA, training);
                    timer.lap(layer, LayerTimer.Kind.GELU, 0);
                }
            }
            h.attach(parent);
            return h;
        }
    }

    /** {@code mean(activation(final_conv(h)))} over time and frequency: {@code (batch, channels)}. */
    NDArray head(ParameterStore ps, NDArray h, double scale, boolean training, LayerTimer timer) {
        String layer = layerName("head");
        NDManager parent = h.getManager();
        try (NDManager scope = parent.newSubManager()) {
            h.tempAttach(scope);
            NDArray c = timer.conv(layer, finalConv, ps, h, training);
            NDArray a = TanhGelu.applyInPlace(c, scale, training);
            timer.lap(layer, LayerTimer.Kind.GELU, 0);
            NDArray pooled = Pool.globalAvgPool2d(a);
            pooled.attach(parent);
            timer.lap(layer, LayerTimer.Kind.POOL, 0);
            return pooled;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(encode(ps, inputs.singletonOrThrow(), training, LayerTimer.OFF));
    }

    @Override
    public NDArray encode(ParameterStore ps, NDArray input, boolean training, LayerTimer timer) {
        NDManager parent = input.getManager();
        try (NDManager scope = parent.newSubManager()) {
            input.tempAttach(scope);
            NDArray h = stem(ps, SpectrogramInput.toNchw(input), training, timer);
            for (NfBlock block : blocks) {
                NDArray next = block.apply(ps, h, training, timer);
                h.close();
                h = next;
            }
            NDArray out = head(ps, h, TanhGelu.GAMMA, training, timer);
            out.attach(parent);
            return out;
        }
    }

    @Override
    public long macs(long time, long freq) {
        long macs = 0;
        long[] hw = {time, freq};
        for (WsConv2d conv : stem) {
            macs += conv.macs(hw[0], hw[1]);
            hw = conv.outputSize(hw[0], hw[1]);
        }
        for (NfBlock block : blocks) {
            macs += block.macs(hw[0], hw[1]);
            Shape s = block.getOutputShapes(new Shape[] {new Shape(1, 1, hw[0], hw[1])})[0];
            hw = new long[] {s.get(2), s.get(3)};
        }
        return macs + finalConv.macs(hw[0], hw[1]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // the input is NHWC; inside SlowFast the spatial sizes recorded here are nominal
        Shape h = SpectrogramInput.nchw(inputShapes[0]);
        for (WsConv2d conv : stem) {
            conv.initialize(manager, dataType, h);
            h = conv.getOutputShapes(new Shape[] {h})[0];
        }
        for (NfBlock block : blocks) {
            block.initialize(manager, dataType, h);
            h = block.getOutputShapes(new Shape[] {h})[0];
        }
        finalConv.initialize(manager, dataType, h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.outputChannels())};
    }
}
