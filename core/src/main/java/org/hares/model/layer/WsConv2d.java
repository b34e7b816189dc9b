package org.hares.model.layer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import org.hares.model.spec.TimeFreq;
import org.hares.model.weights.HaikuModule;
import org.hares.model.weights.HaikuParamKind;
import org.hares.model.weights.HaikuParameter;

/**
 * A 2-D convolution with scaled weight standardisation ({@code base.WSConv2D}): per output channel,
 * {@code ŵ = (w − mean)·gain / sqrt(max(var·fan_in, 1e-4))}, then 'SAME' padding, feature groups and
 * a bias. Input and output are NCHW. In inference the standardised weight is computed once (in
 * float32, then cast to the input's data type with the bias) and kept until a training step or a
 * parameter load may have changed {@code w} or {@code gain}.
 */
public final class WsConv2d extends AbstractBlock implements HaikuModule {

    static final double EPS = 1e-4;

    private final String haikuName;
    private final int inChannels;
    private final int outChannels;
    private final TimeFreq kernel;
    private final TimeFreq stride;
    private final int groups;
    private final Parameter weight;
    private final Parameter gain;
    private final Parameter bias;
    private NDArray standardised;
    /** The bias in the cached weight's data type when that is not the parameter's; null otherwise. */
    private NDArray castBias;

    public WsConv2d(String haikuName, int inChannels, int outChannels, TimeFreq kernel, TimeFreq stride, int groups) {
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(haikuName + ": " + inChannels + " input and " + outChannels
                    + " output channels are not divisible into " + groups + " groups");
        }
        this.haikuName = haikuName;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.groups = groups;
        this.weight = addParameter(Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outChannels, inChannels / groups, kernel.time(), kernel.freq())).build());
        this.gain = addParameter(Parameter.builder().setName("gain").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(outChannels)).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels)).build());
    }

    public WsConv2d(String haikuName, int inChannels, int outChannels, TimeFreq kernel, TimeFreq stride) {
        this(haikuName, inChannels, outChannels, kernel, stride, 1);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int groups() {
        return groups;
    }

    /** Whether the kernel is 1×1 and the convolution ungrouped. */
    public boolean isPointwise() {
        return kernel.isUnit() && groups == 1;
    }

    @Override
    public List<HaikuParameter> haikuParameters() {
        return List.of(new HaikuParameter(haikuName + "/w", HaikuParamKind.CONV_W, weight),
                new HaikuParameter(haikuName + "/gain", HaikuParamKind.GAIN, gain),
                new HaikuParameter(haikuName + "/bias", HaikuParamKind.CONV_BIAS, bias));
    }

    /** Convolves an NCHW input; the result is attached to the input's manager. */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        if (x.getShape().get(1) != inChannels) {
            throw new IllegalArgumentException(haikuName + ": expected " + inChannels + " input channels, got shape "
                    + x.getShape());
        }
        Device device = x.getDevice();
        NDArray w;
        NDArray b;
        if (training) {
            // the optimiser will change w and gain after this step
            invalidate();
            w = standardise(ps.getValue(weight, device, true), ps.getValue(gain, device, true), x.getManager());
            b = ps.getValue(bias, device, true);
        } else {
            Weights cached = cachedWeights(ps, x);
            w = cached.weight();
            b = cached.bias();
        }
        Shape s = x.getShape();
        int[] pt = SamePadding.pads((int) s.get(2), kernel.time(), stride.time());
        int[] pf = SamePadding.pads((int) s.get(3), kernel.freq(), stride.freq());
        // the symmetric part of the padding goes to the convolution itself (no copy), the rest is explicit
        int symT = Math.min(pt[0], pt[1]);
        int symF = Math.min(pf[0], pf[1]);
        NDArray in = SamePadding.padExplicit(x, pt[0] - symT, pt[1] - symT, pf[0] - symF, pf[1] - symF, 0);
        NDArray y = Conv2d.conv2d(in, w, b, new Shape(stride.time(), stride.freq()), new Shape(symT, symF),
                new Shape(1, 1), groups).head();
        if (in != x) {
            in.close();
        }
        if (training) {
            w.close();
        }
        return y;
    }

    private record Weights(NDArray weight, NDArray bias) {
    }

    /** The standardised weight and the bias on {@code like}'s device in its data type, computed on first use. */
    // synchronized: concurrent inference (the Spark job's task slots share one model) must not close a weight in use
    private synchronized Weights cachedWeights(ParameterStore ps, NDArray like) {
        Device device = like.getDevice();
        NDArray b = ps.getValue(bias, device, false);
        if (standardised == null || !standardised.getDevice().equals(device)
                || standardised.getDataType() != like.getDataType()) {
            invalidate();
            NDArray w = ps.getValue(weight, device, false);
            NDArray s = standardise(w, ps.getValue(gain, device, false), w.getManager()).stopGradient();
            NDArray cast = TypeCast.like(s, like);
            if (cast != s) {
                s.close();
            }
            // an NHWC weight makes libtorch's oneDNN convolution run channels-last and hand back an NHWC
            // output, which the next layers keep (measured 1.05-1.5x the NCHW forward on an AVX2 EPYC)
            NDArray nhwc = TorchOps.run("channels_last", cast);
            nhwc.attach(cast.getManager());
            cast.close();
            standardised = nhwc;
            NDArray castB = TypeCast.like(b, like);
            castBias = castB == b ? null : castB;
        }
        return new Weights(standardised, castBias != null ? castBias : b);
    }

    /** Forgets the cached standardised weight (after parameters were loaded or changed in place). */
    public synchronized void invalidate() {
        if (standardised != null) {
            standardised.close();
            standardised = null;
        }
        if (castBias != null) {
            castBias.close();
            castBias = null;
        }
    }

    /** The standardised OIHW weight, attached to {@code target}; intermediates are freed. */
    static NDArray standardise(NDArray w, NDArray gain, NDManager target) {
        Shape shape = w.getShape();
        long out = shape.get(0);
        long fanIn = shape.size() / out;
        try (NDManager scope = target.newSubManager()) {
            w.tempAttach(scope);
            gain.tempAttach(scope);
            NDArray flat = w.reshape(out, fanIn);
            NDArray mean = flat.mean(new int[] {1}, true);
            NDArray var = flat.sub(mean).square().mean(new int[] {1}, true);
            NDArray scale = gain.reshape(out, 1).div(var.mul(fanIn).maximum(EPS).sqrt());
            NDArray result = flat.mul(scale).sub(mean.mul(scale)).reshape(shape);
            result.attach(target);
            return result;
        }
    }

    /** Multiply-accumulates of one example whose input is {@code time × freq}. */
    public long macs(long time, long freq) {
        long outT = SamePadding.outputSize((int) time, stride.time());
        long outF = SamePadding.outputSize((int) freq, stride.freq());
        return outChannels * outT * outF * kernel.area() * (long) (inChannels / groups);
    }

    /** Output {@code (time, freq)} for an input of {@code time × freq}. */
    public long[] outputSize(long time, long freq) {
        return new long[] {SamePadding.outputSize((int) time, stride.time()),
            SamePadding.outputSize((int) freq, stride.freq())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] hw = outputSize(in.get(2), in.get(3));
        return new Shape[] {new Shape(in.get(0), outChannels, hw[0], hw[1])};
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        invalidate();
        super.loadParameters(manager, is);
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        invalidate();
        super.initialize(manager, dataType, inputShapes);
    }

    @Override
    public String toString() {
        return "WsConv2d(" + haikuName + ", " + inChannels + "→" + outChannels + ", kernel " + kernel + ", stride "
                + stride + (groups > 1 ? ", groups " + groups : "") + ")";
    }
}
