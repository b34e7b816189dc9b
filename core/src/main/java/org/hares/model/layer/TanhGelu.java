package org.hares.model.layer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * JAX's default {@code gelu}: the tanh approximation {@code 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))},
 * computed as the identical {@code x·σ(2u)}. DJL's own {@code gelu} is the erf form, a different function.
 * Inside an NFNet it is scaled by {@link #GAMMA}.
 */
public final class TanhGelu {

    /** NFNets' γ for gelu: makes gelu(z) of unit variance for z ~ N(0, 1). */
    public static final double GAMMA = 1.7015043497085571;
    /** 2·√(2/π): {@code 2u = C·x·(1 + 0.044715x²)}. */
    static final double TWO_SQRT_2_OVER_PI = 2 * Math.sqrt(2 / Math.PI);
    static final double CUBIC = 0.044715;

    /** {@code -Dhares.gelu=libtorch} turns the Java kernel off (to compare the two). */
    static final String PROPERTY = "hares.gelu";
    private static final boolean VECTOR_KERNEL = vectorKernelUsable();
    /** Below this many elements a part is not worth a thread hand-off. */
    private static final int MIN_ELEMENTS_PER_THREAD = 1 << 16;
    private static final AtomicBoolean WARMED = new AtomicBoolean();
    /** The threads that take the other parts of a split kernel (daemons, started on demand, idle ones end). */
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    private TanhGelu() {}

    /** The function itself, in double precision. */
    public static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + CUBIC * x * x * x)));
    }

    /** Returns {@code scale · gelu(x)} as a new array and leaves {@code x} untouched. */
    public static NDArray apply(NDArray x, double scale, boolean training) {
        return training ? composed(x, scale) : inference(x, scale, false);
    }

    /**
     * {@code scale · gelu(x)} where the caller will not read {@code x} again: in inference the result may be
     * written over {@code x} and returned as {@code x} itself, which saves a tensor the size of a feature map.
     */
    public static NDArray applyInPlace(NDArray x, double scale, boolean training) {
        return training ? composed(x, scale) : inference(x, scale, true);
    }

    /**
     * Compiles the Java kernel on a background thread, so that the first forward pass does not run it
     * interpreted: call before loading weights (measured with the kernel's first version: the first pass of
     * a batch of one took 0.37 s longer than with libtorch's kernel without this, 0.15 s with it). Returns
     * at once; later calls do nothing.
     */
    public static void warmUp() {
        if (VECTOR_KERNEL && WARMED.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                // a direct buffer, like a tensor's memory
                FloatBuffer buffer = ByteBuffer.allocateDirect(Float.BYTES << 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < 200; i++) {
                    VectorGelu.apply(buffer, buffer, 1f);
                }
            }, "gelu-warm-up");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /** Whether float32 inference on the CPU runs {@link VectorGelu} (else libtorch's kernel). */
    public static boolean usesVectorKernel() {
        return VECTOR_KERNEL;
    }

    /**
     * Float32 on the CPU: one pass of {@link VectorGelu} over the tensor's memory (in place or into an
     * {@code empty_like}). Otherwise, and for a tensor that is not dense or over 2 GiB, libtorch's fused kernel
     * ({@code gelu(approximate='tanh')}, through {@link TorchOps}): one pass plus the scaling, where the
     * composed form makes seven.
     */
    private static NDArray inference(NDArray x, double scale, boolean inPlace) {
        if (VECTOR_KERNEL && x.getDataType() == DataType.FLOAT32 && Device.Type.CPU.equals(x.getDevice().getDeviceType())
                // a direct buffer holds at most 2 GiB
                && x.size() > 0 && x.size() <= Integer.MAX_VALUE / Float.BYTES) {
            try (NDArray in = TorchOps.run("storage_view", x)) {
                if (in.size() == x.size()) {
                    if (inPlace) {
                        FloatBuffer memory = floats(in);
                        vectorKernel(memory, memory, (float) scale);
                        return x;
                    }
                    NDArray out = TorchOps.run("empty_like", x);
                    try (NDArray target = TorchOps.run("storage_view", out)) {
                        vectorKernel(floats(in), floats(target), (float) scale);
                    }
                    return out;
                }
            }
        }
        return TorchOps.run("gelu_tanh", x, scale);
    }

    /**
     * {@link VectorGelu} split across as many threads as libtorch would use on the calling thread (one per
     * extraction stream by default; a Spark task's {@code spark.task.cpus}), so that it never runs on fewer
     * cores than libtorch's own kernel: the calling thread takes one part, {@link #POOL} the others.
     */
    private static void vectorKernel(FloatBuffer in, FloatBuffer out, float scale) {
        int n = in.capacity();
        int parts = Math.min(JniUtils.getNumThreads(), n / MIN_ELEMENTS_PER_THREAD);
        if (parts <= 1) {
            VectorGelu.apply(in, out, scale);
            return;
        }
        List<ForkJoinTask<?>> others = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            others.add(POOL.submit(() -> VectorGelu.apply(in, out, scale, from, to)));
        }
        VectorGelu.apply(in, out, scale, 0, n / parts);
        others.forEach(ForkJoinTask::join);
    }

    /** The float32 elements of a contiguous CPU tensor, as a buffer over its memory (no copy). */
    private static FloatBuffer floats(NDArray contiguous) {
        return ((PtNDArray) contiguous).toByteBuffer(true).asFloatBuffer();
    }

    /** DJL ops, which autograd records. */
    private static NDArray composed(NDArray x, double scale) {
        NDArray twoU = x.square().mul(TWO_SQRT_2_OVER_PI * CUBIC).add(TWO_SQRT_2_OVER_PI).mul(x);
        NDArray y = Activation.sigmoid(twoU).mul(x);
        return scale == 1.0 ? y : y.mul(scale);
    }

    private static boolean vectorKernelUsable() {
        if ("libtorch".equals(System.getProperty(PROPERTY))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
                || !"amd64".equals(System.getProperty("os.arch"))) {
            return false;
        }
        try {
            return VectorGelu.selfTest();
        } catch (LinkageError e) {
            return false;
        }
    }
}
