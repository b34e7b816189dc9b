package org.hares.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.hares.model.layer.TanhGelu;
import org.hares.model.layer.WsConv2d;
import org.hares.model.spec.TimeFreq;
import org.hares.model.weights.HaikuModule;
import org.hares.model.weights.HaikuParameter;

/**
 * The lateral connection {@code FuseFast2Slow}: {@code conv_f2s} (kernel (7,1), stride (4,1), 'SAME')
 * brings the fast features to the slow frame rate, plain (unscaled) gelu, then concatenation after
 * the slow channels. Inputs {@code (fast, slow)}, NCHW.
 */
public final class FuseFastToSlow extends AbstractBlock implements HaikuModule {

    static final TimeFreq KERNEL = TimeFreq.of(7, 1);
    static final TimeFreq STRIDE = TimeFreq.of(4, 1);

    private final WsConv2d conv;
    /** The name in a profile. */
    private final String layer;

    public FuseFastToSlow(String haikuName, int fastChannels, int outChannels) {
        this.layer = LayerTimer.label(haikuName);
        this.conv = addChildBlock("conv_f2s", new WsConv2d(haikuName + "/~/conv_f2s", fastChannels, outChannels,
                KERNEL, STRIDE));
    }

    public int outChannels() {
        return conv.outChannels();
    }

    @Override
    public List<HaikuParameter> haikuParameters() {
        return conv.haikuParameters();
    }

    /** {@code concat([slow, gelu(conv_f2s(fast))])} along channels, attached to the slow input's manager. */
    public NDArray apply(ParameterStore ps, NDArray fast, NDArray slow, boolean training) {
        return apply(ps, fast, slow, training, LayerTimer.OFF);
    }

    /** {@link #apply(ParameterStore, NDArray, NDArray, boolean)}, each part timed as a lap of this fusion. */
    NDArray apply(ParameterStore ps, NDArray fast, NDArray slow, boolean training, LayerTimer timer) {
        NDManager parent = slow.getManager();
        try (NDManager scope = parent.newSubManager()) {
            fast.tempAttach(scope);
            NDArray fused = TanhGelu.applyInPlace(timer.conv(layer, conv, ps, fast, training), 1.0, training);
            timer.lap(layer, LayerTimer.Kind.GELU, 0);
            if (fused.getShape().get(2) != slow.getShape().get(2) || fused.getShape().get(3) != slow.getShape().get(3)) {
                throw new IllegalStateException("fast features " + fused.getShape() + " do not align with slow features "
                        + slow.getShape());
            }
            NDArray out = slow.concat(fused, 1);
            out.attach(parent);
            timer.lap(layer, LayerTimer.Kind.CONCAT, 0);
            return out;
        }
    }

    public long macs(long fastTime, long freq) {
        return conv.macs(fastTime, freq);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape slow = inputShapes[1];
        return new Shape[] {new Shape(slow.get(0), slow.get(1) + conv.outChannels(), slow.get(2), slow.get(3))};
    }
}
