package org.hares.model.layer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * libtorch operations DJL 0.36 does not expose (bfloat16 casts, the tanh form of gelu, the
 * channels-last memory format, a 1-D view of a channels-last tensor's memory, an {@code empty_like}
 * that keeps the memory format), called through a small TorchScript module shipped with hares
 * ({@code torch_ops.pt}, written by {@code make_torch_ops.py} beside it). One module per device,
 * loaded on first use; it holds no state, so threads share it.
 */
final class TorchOps {

    private static final String MODULE = "torch_ops.pt";
    private static final Map<Device, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();

    private TorchOps() {}

    /** Runs {@code method} of the module on {@code x} and further arguments (arrays or doubles); a new array. */
    static NDArray run(String method, NDArray x, Object... more) {
        PtSymbolBlock module = MODULES.computeIfAbsent(x.getDevice(), TorchOps::load);
        IValue[] in = new IValue[1 + more.length];
        in[0] = IValue.from((PtNDArray) x);
        for (int i = 0; i < more.length; i++) {
            in[i + 1] = more[i] instanceof NDArray a ? IValue.from((PtNDArray) a) : IValue.from(((Number) more[i]).doubleValue());
        }
        try (IValue out = IValueUtils.runMethod(module, method, in)) {
            return out.toTensor((PtNDManager) x.getManager());
        } finally {
            for (IValue v : in) {
                v.close();
            }
        }
    }

    private static PtSymbolBlock load(Device device) {
        // a manager of its own that lives as long as the process: the module holds no parameters
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager(device, "PyTorch");
        try (InputStream in = TorchOps.class.getResourceAsStream(MODULE)) {
            if (in == null) {
                throw new IllegalStateException(MODULE + " is missing from the hares jar");
            }
            return JniUtils.loadModule(manager, in, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MODULE + " from the hares jar", e);
        }
    }
}
