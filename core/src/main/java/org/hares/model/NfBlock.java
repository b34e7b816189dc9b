package org.hares.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.hares.model.layer.SamePadding;
import org.hares.model.layer.SqueezeExcite;
import org.hares.model.layer.StochasticDepth;
import org.hares.model.layer.TanhGelu;
import org.hares.model.layer.TypeCast;
import org.hares.model.layer.WsConv2d;
import org.hares.model.spec.NfNetSpec;
import org.hares.model.spec.TimeFreq;
import org.hares.model.weights.HaikuModule;
import org.hares.model.weights.HaikuParamKind;
import org.hares.model.weights.HaikuParameter;

/**
 * The normaliser-free bottleneck block ({@code NFBlock}): pre-activation scaled by {@code beta},
 * 1×1 → grouped conv1 (block stride) → grouped (1,3) conv1b → 1×1, squeeze-excite ×2, stochastic
 * depth, {@code skip_gain · alpha}, plus the shortcut (the raw input, or an average-pooled and/or
 * projected pre-activation). NCHW in and out.
 */
public final class NfBlock extends AbstractBlock implements HaikuModule {

    private static final TimeFreq UNIT = TimeFreq.of(1, 1);
    private static final TimeFreq CONV1B_KERNEL = TimeFreq.of(1, 3);

    private final String haikuName;
    /** The name in a profile. */
    private final String layer;
    private final int inChannels;
    private final int outChannels;
    private final TimeFreq stride;
    private final double beta;
    private final StochasticDepth stochasticDepth;
    private final WsConv2d convShortcut;
    private final WsConv2d conv0;
    private final WsConv2d conv1;
    private final WsConv2d conv1b;
    private final WsConv2d conv2;
    private final SqueezeExcite se;
    private final Parameter skipGain;

    /**
     * @param inChannels channels actually received (the first slow block of a SlowFast stage also gets the fused ones)
     * @param declaredInChannels the previous stage's width (the stem width for the first block): decides projection
     */
    public NfBlock(String haikuName, int inChannels, int declaredInChannels, int outChannels, TimeFreq conv1Kernel,
            TimeFreq stride, int groupWidth, double beta, double stochasticDepthRate) {
        this.haikuName = haikuName;
        this.layer = LayerTimer.label(haikuName);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        this.beta = beta;
        this.stochasticDepth = new StochasticDepth(stochasticDepthRate);
        int width = NfNetSpec.blockWidth(outChannels);
        int groups = width / groupWidth;
        String prefix = haikuName + "/~/";
        boolean projecting = !stride.isUnit() || declaredInChannels != outChannels;
        this.convShortcut = projecting
                ? addChildBlock("conv_shortcut", new WsConv2d(prefix + "conv_shortcut", inChannels, outChannels, UNIT, UNIT))
                : null;
        this.conv0 = addChildBlock("conv0", new WsConv2d(prefix + "conv0", inChannels, width, UNIT, UNIT));
        this.conv1 = addChildBlock("conv1", new WsConv2d(prefix + "conv1", width, width, conv1Kernel, stride, groups));
        this.conv1b = addChildBlock("conv1b", new WsConv2d(prefix + "conv1b", width, width, CONV1B_KERNEL, UNIT, groups));
        this.conv2 = addChildBlock("conv2", new WsConv2d(prefix + "conv2", width, outChannels, UNIT, UNIT));
        this.se = addChildBlock("squeeze_excite",
                new SqueezeExcite(prefix + "squeeze_excite", outChannels, NfNetSpec.SE_RATIO));
        this.skipGain = addParameter(Parameter.builder().setName("skip_gain").setType(Parameter.Type.OTHER)
                .optShape(new Shape()).build());
    }

    public int outChannels() {
        return outChannels;
    }

    @Override
    public List<HaikuParameter> haikuParameters() {
        List<HaikuParameter> out = new ArrayList<>();
        if (convShortcut != null) {
            out.addAll(convShortcut.haikuParameters());
        }
        for (WsConv2d conv : List.of(conv0, conv1, conv1b, conv2)) {
            out.addAll(conv.haikuParameters());
        }
        out.addAll(se.haikuParameters());
        out.add(new HaikuParameter(haikuName + "/skip_gain", HaikuParamKind.SKIP_GAIN, skipGain));
        return out;
    }

    /** The block's output, attached to the input's manager; every intermediate is freed on return. */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return apply(ps, x, training, LayerTimer.OFF);
    }

    /** {@link #apply(ParameterStore, NDArray, boolean)}, each part timed as a lap of this block. */
    NDArray apply(ParameterStore ps, NDArray x, boolean training, LayerTimer timer) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            x.tempAttach(scope);
            NDArray out = TanhGelu.apply(x, TanhGelu.GAMMA * beta, training);
            timer.lap(layer, LayerTimer.Kind.GELU, 0);
            NDArray shortcut;
            if (!stride.isUnit()) {
                shortcut = SamePadding.avgPool(out, stride, stride);
                timer.lap(layer, LayerTimer.Kind.POOL, 0);
                if (convShortcut != null) {
                    shortcut = timer.conv(layer, convShortcut, ps, shortcut, training);
                }
            } else if (convShortcut != null) {
                shortcut = timer.conv(layer, convShortcut, ps, out, training);
            } else {
                shortcut = x;
            }
            NDArray h = timer.conv(layer, conv0, ps, out, training);
            h = timer.conv(layer, conv1, ps, activate(h, training, timer, layer), training);
            h = timer.conv(layer, conv1b, ps, activate(h, training, timer, layer), training);
            h = timer.conv(layer, conv2, ps, activate(h, training, timer, layer), training);
            NDArray gate = se.gate(ps, h, training);
            timer.lap(layer, LayerTimer.Kind.SQUEEZE_EXCITE, h.getShape().get(0) * se.macs());
            NDArray result = residual(ps, h, gate, shortcut, training);
            timer.lap(layer, LayerTimer.Kind.RESIDUAL, 0);
            result.attach(parent);
            return result;
        }
    }

    private static NDArray activate(NDArray h, boolean training, LayerTimer timer, String layer) {
        NDArray a = TanhGelu.applyInPlace(h, TanhGelu.GAMMA, training);
        if (!training && a != h) {
            h.close();
        }
        timer.lap(layer, LayerTimer.Kind.GELU, 0);
        return a;
    }

    /**
     * {@code h · 2·gate · skip_gain · alpha (· keep mask) + shortcut}, the per-example factors folded into one
     * gate; the float32 squeeze-excite gate is cast to {@code h}'s data type last.
     */
    private NDArray residual(ParameterStore ps, NDArray h, NDArray gate, NDArray shortcut, boolean training) {
        Device device = h.getDevice();
        NDArray gain = ps.getValue(skipGain, device, training);
        long batch = h.getShape().get(0);
        if (training) {
            NDArray factor = gate.mul(gain).mul(2 * NfNetSpec.ALPHA);
            if (stochasticDepth.isActive(true)) {
                factor = factor.mul(stochasticDepth.keepMask(h, batch));
            }
            return h.mul(factor.reshape(batch, outChannels, 1, 1)).add(shortcut);
        }
        gate.muli(gain).muli(2 * NfNetSpec.ALPHA);
        h.muli(TypeCast.like(gate, h).reshape(batch, outChannels, 1, 1));
        return h.addi(shortcut);
    }

    public long macs(long time, long freq) {
        long macs = 0;
        long[] hw = conv1.outputSize(time, freq);
        if (convShortcut != null) {
            macs += convShortcut.macs(hw[0], hw[1]);
        }
        macs += conv0.macs(time, freq) + conv1.macs(time, freq) + conv1b.macs(hw[0], hw[1]) + conv2.macs(hw[0], hw[1]);
        return macs + se.macs();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape pooled = conv1.getOutputShapes(new Shape[] {new Shape(in.get(0), inChannels, in.get(2), in.get(3))})[0];
        Shape strided = new Shape(in.get(0), inChannels, pooled.get(2), pooled.get(3));
        if (convShortcut != null) {
            convShortcut.initialize(manager, dataType, strided);
        }
        conv0.initialize(manager, dataType, in);
        Shape h = conv0.getOutputShapes(new Shape[] {in})[0];
        conv1.initialize(manager, dataType, h);
        h = conv1.getOutputShapes(new Shape[] {h})[0];
        conv1b.initialize(manager, dataType, h);
        conv2.initialize(manager, dataType, h);
        se.initialize(manager, dataType, conv2.getOutputShapes(new Shape[] {h})[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] hw = conv1.outputSize(in.get(2), in.get(3));
        return new Shape[] {new Shape(in.get(0), outChannels, hw[0], hw[1])};
    }
}
