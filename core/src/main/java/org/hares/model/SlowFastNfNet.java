package org.hares.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.hares.model.layer.SamePadding;
import org.hares.model.spec.NfNetSpec;
import org.hares.model.spec.StageSpec;
import org.hares.model.spec.TimeFreq;
import org.hares.model.weights.HaikuParameter;

/**
 * Slowfast NFNet ({@code SlowFastNFNet}): a fast pathway at the input frame rate and a slow one on the
 * time axis max-pooled by 4, joined before every stage by {@link FuseFastToSlow}; the embedding is
 * {@code concat(mean(gelu(fast final_conv)), mean(gelu(slow final_conv)))}, fast first.
 * Input {@code (batch, time, freq, 1)}.
 */
public final class SlowFastNfNet extends AbstractBlock implements SpectrogramEncoder {

    static final String NAME = "slow_fast_nf_net";
    static final int TIME_RATIO = 4;
    private static final int FUSION_CHANNEL_RATIO = 2;
    private static final int[] FUSION_WIDTH_MULTIPLIERS = {1, 4, 8, 16};

    private final NfNet fast;
    private final NfNet slow;
    private final List<FuseFastToSlow> fusions = new ArrayList<>();

    public SlowFastNfNet(NfNetSpec fastSpec, NfNetSpec slowSpec, double stochasticDepthRate) {
        int stages = fastSpec.stages().size();
        if (stages != FUSION_WIDTH_MULTIPLIERS.length || slowSpec.stages().size() != stages) {
            throw new IllegalArgumentException("SlowFast needs two pathways of " + FUSION_WIDTH_MULTIPLIERS.length
                    + " stages, got " + stages + " and " + slowSpec.stages().size());
        }
        for (int g = 0; g < stages; g++) {
            if (fastSpec.stages().get(g).depth() != slowSpec.stages().get(g).depth()) {
                throw new IllegalArgumentException("fast and slow pathways differ in depth at stage " + (g + 1));
            }
        }
        int[] fused = new int[stages];
        for (int g = 0; g < stages; g++) {
            fused[g] = fastSpec.stages().get(0).width() * FUSION_WIDTH_MULTIPLIERS[g] * FUSION_CHANNEL_RATIO;
        }
        this.fast = addChildBlock("NFNet", new NfNet(fastSpec, NAME + "/~/NFNet", stochasticDepthRate, new int[stages]));
        this.slow = addChildBlock("NFNet_1", new NfNet(slowSpec, NAME + "/~/NFNet_1", stochasticDepthRate, fused));
        int fastChannels = fastSpec.stemWidth();
        for (int g = 0; g < stages; g++) {
            String name = g == 0 ? "fuse_fast2_slow" : "fuse_fast2_slow_" + g;
            fusions.add(addChildBlock(name, new FuseFastToSlow(NAME + "/~/" + name, fastChannels, fused[g])));
            fastChannels = fastSpec.stages().get(g).width();
        }
    }

    public NfNet fast() {
        return fast;
    }

    public NfNet slow() {
        return slow;
    }

    @Override
    public int embeddingSize() {
        return fast.spec().outputChannels() + slow.spec().outputChannels();
    }

    @Override
    public List<HaikuParameter> haikuParameters() {
        List<HaikuParameter> out = new ArrayList<>(slow.stemParameters());
        out.addAll(fast.stemParameters());
        List<NfBlock> fastBlocks = fast.blocks();
        List<NfBlock> slowBlocks = slow.blocks();
        int depth = 0;
        for (int g = 0; g < fusions.size(); g++) {
            out.addAll(fusions.get(g).haikuParameters());
            for (int d = 0; d < fast.spec().stages().get(g).depth(); d++, depth++) {
                out.addAll(fastBlocks.get(depth).haikuParameters());
                out.addAll(slowBlocks.get(depth).haikuParameters());
            }
        }
        out.addAll(fast.finalConv().haikuParameters());
        out.addAll(slow.finalConv().haikuParameters());
        return out;
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
            NDArray x = SpectrogramInput.toNchw(input);
            NDArray pooled = SamePadding.maxPool(x, TimeFreq.of(TIME_RATIO, 1), TimeFreq.of(TIME_RATIO, 1));
            timer.lap(slow.layerName("stem"), LayerTimer.Kind.POOL, 0);
            NDArray hs = slow.stem(ps, pooled, training, timer);
            pooled.close();
            NDArray hf = fast.stem(ps, x, training, timer);
            List<NfBlock> fastBlocks = fast.blocks();
            List<NfBlock> slowBlocks = slow.blocks();
            int depth = 0;
            for (int g = 0; g < fusions.size(); g++) {
                hs = replace(hs, fusions.get(g).apply(ps, hf, hs, training, timer));
                for (int d = 0; d < fast.spec().stages().get(g).depth(); d++, depth++) {
                    hf = replace(hf, fastBlocks.get(depth).apply(ps, hf, training, timer));
                    hs = replace(hs, slowBlocks.get(depth).apply(ps, hs, training, timer));
                }
            }
            NDArray fastEmbedding = fast.head(ps, hf, 1.0, training, timer);
            NDArray slowEmbedding = slow.head(ps, hs, 1.0, training, timer);
            NDArray out = fastEmbedding.concat(slowEmbedding, 1);
            out.attach(parent);
            timer.lap("output", LayerTimer.Kind.CONCAT, 0);
            return out;
        }
    }

    private static NDArray replace(NDArray old, NDArray next) {
        old.close();
        return next;
    }

    /** Multiply-accumulates of one {@code time × freq} example (7,464,878,080 for F0 on 400 × 128). */
    @Override
    public long macs(long time, long freq) {
        long macs = 0;
        long[] f = {time, freq};
        for (var conv : fast.stemConvs()) {
            macs += conv.macs(f[0], f[1]);
            f = conv.outputSize(f[0], f[1]);
        }
        long[] s = {SamePadding.outputSize((int) time, TIME_RATIO), freq};
        for (var conv : slow.stemConvs()) {
            macs += conv.macs(s[0], s[1]);
            s = conv.outputSize(s[0], s[1]);
        }
        List<NfBlock> fastBlocks = fast.blocks();
        List<NfBlock> slowBlocks = slow.blocks();
        int depth = 0;
        for (int g = 0; g < fusions.size(); g++) {
            macs += fusions.get(g).macs(f[0], f[1]);
            StageSpec stage = fast.spec().stages().get(g);
            for (int d = 0; d < stage.depth(); d++, depth++) {
                macs += fastBlocks.get(depth).macs(f[0], f[1]) + slowBlocks.get(depth).macs(s[0], s[1]);
                f = spatial(fastBlocks.get(depth), f);
                s = spatial(slowBlocks.get(depth), s);
            }
        }
        return macs + fast.finalConv().macs(f[0], f[1]) + slow.finalConv().macs(s[0], s[1]);
    }

    private static long[] spatial(NfBlock block, long[] hw) {
        Shape out = block.getOutputShapes(new Shape[] {new Shape(1, 1, hw[0], hw[1])})[0];
        return new long[] {out.get(2), out.get(3)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        fast.initialize(manager, dataType, in);
        slow.initialize(manager, dataType,
                new Shape(in.get(0), SamePadding.outputSize((int) in.get(1), TIME_RATIO), in.get(2), 1));
        int fastTime = (int) in.get(1);
        int freq = (int) in.get(2);
        for (var conv : fast.stemConvs()) {
            long[] hw = conv.outputSize(fastTime, freq);
            fastTime = (int) hw[0];
            freq = (int) hw[1];
        }
        long channels = fast.spec().stemWidth();
        for (int g = 0; g < fusions.size(); g++) {
            fusions.get(g).initialize(manager, dataType, new Shape(in.get(0), channels, fastTime, freq),
                    new Shape(in.get(0), 1, fastTime, freq));
            channels = fast.spec().stages().get(g).width();
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embeddingSize())};
    }
}
