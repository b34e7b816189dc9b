package org.hares.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.hares.model.weights.HaikuModule;
import org.hares.model.weights.HaikuParamKind;
import org.hares.model.weights.HaikuParameter;

/**
 * Squeeze-excite: mean over (time, freq) → {@code linear} (channels → hidden) → ReLU →
 * {@code linear_1} (→ channels) → sigmoid. Returns the {@code (batch, channels)} gate; the caller
 * scales the feature map with it.
 */
public final class SqueezeExcite extends AbstractBlock implements HaikuModule {

    private final String haikuName;
    private final int channels;
    private final int hidden;
    private final Linear reduce;
    private final Linear expand;

    public SqueezeExcite(String haikuName, int channels, double ratio) {
        this.haikuName = haikuName;
        this.channels = channels;
        this.hidden = Math.max(1, (int) (channels * ratio));
        this.reduce = addChildBlock("linear", Linear.builder().setUnits(hidden).build());
        this.expand = addChildBlock("linear_1", Linear.builder().setUnits(channels).build());
        // shapes known up front, so parameter counts and checkpoint checks need no initialisation
        param(reduce, "weight").setShape(new Shape(hidden, channels));
        param(reduce, "bias").setShape(new Shape(hidden));
        param(expand, "weight").setShape(new Shape(channels, hidden));
        param(expand, "bias").setShape(new Shape(channels));
    }

    @Override
    public List<HaikuParameter> haikuParameters() {
        String prefix = haikuName + "/~/";
        return List.of(
                new HaikuParameter(prefix + "linear/w", HaikuParamKind.LINEAR_W, param(reduce, "weight")),
                new HaikuParameter(prefix + "linear/b", HaikuParamKind.LINEAR_B, param(reduce, "bias")),
                new HaikuParameter(prefix + "linear_1/w", HaikuParamKind.LINEAR_W, param(expand, "weight")),
                new HaikuParameter(prefix + "linear_1/b", HaikuParamKind.LINEAR_B, param(expand, "bias")));
    }

    private static Parameter param(Linear linear, String name) {
        return linear.getDirectParameters().get(name);
    }

    /**
     * The {@code (batch, channels)} sigmoid gate of an NCHW feature map, computed in the parameters' data type
     * whatever the map's (a few values per example: reduced precision would only cost accuracy).
     */
    public NDArray gate(ParameterStore ps, NDArray x, boolean training) {
        NDArray mean = Pool.globalAvgPool2d(x);
        NDArray pooled = TypeCast.like(mean, param(reduce, "weight").getArray());
        if (pooled != mean) {
            mean.close();
        }
        NDArray h = reduce.forward(ps, new NDList(pooled), training).head();
        NDArray r = Activation.relu(h);
        NDArray g = expand.forward(ps, new NDList(r), training).head();
        NDArray gate = Activation.sigmoid(g);
        if (!training) {
            pooled.close();
            h.close();
            r.close();
            g.close();
        }
        return gate;
    }

    public long macs() {
        return 2L * channels * hidden;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(gate(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        reduce.initialize(manager, dataType, new Shape(batch, channels));
        expand.initialize(manager, dataType, new Shape(batch, hidden));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), channels)};
    }
}
