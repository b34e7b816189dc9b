package org.hares.model.layer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Casts between floating-point data types, bfloat16 included. DJL 0.36's PyTorch engine has no
 * data-type code for bfloat16 ({@code toType(BFLOAT16)} aborts the JVM in its native layer, and a
 * bfloat16 array reports {@link DataType#UNKNOWN}), although libtorch computes in it: casts that
 * involve it go through a two-method TorchScript module shipped with hares ({@code type_cast.pt},
 * written by {@code make_type_cast.py} beside it).
 */
public final class TypeCast {

    private static final String MODULE = "type_cast.pt";
    private static final Map<Device, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();

    private TypeCast() {}

    /** {@code x} in the data type of {@code like}: {@code x} itself when they already agree, else a new array. */
    public static NDArray like(NDArray x, NDArray like) {
        DataType target = like.getDataType();
        if (x.getDataType() == target) {
            return x;
        }
        return target != DataType.UNKNOWN ? x.toType(target, false) : run(x, "forward", like);
    }

    /** {@code x} in bfloat16, a new array. */
    public static NDArray toBfloat16(NDArray x) {
        return run(x, "bfloat16", null);
    }

    private static NDArray run(NDArray x, String method, NDArray like) {
        PtSymbolBlock module = MODULES.computeIfAbsent(x.getDevice(), TypeCast::load);
        IValue in = IValue.from((PtNDArray) x);
        IValue second = like == null ? null : IValue.from((PtNDArray) like);
        try (IValue out = second == null ? IValueUtils.runMethod(module, method, in)
                : IValueUtils.runMethod(module, method, in, second)) {
            return out.toTensor((PtNDManager) x.getManager());
        } finally {
            in.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static PtSymbolBlock load(Device device) {
        // a manager of its own that lives as long as the process: the module holds no parameters
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager(device, "PyTorch");
        try (InputStream in = TypeCast.class.getResourceAsStream(MODULE)) {
            if (in == null) {
                throw new IllegalStateException(MODULE + " is missing from the hares jar");
            }
            return JniUtils.loadModule(manager, in, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MODULE + " from the hares jar", e);
        }
    }
}
