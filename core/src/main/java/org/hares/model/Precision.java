package org.hares.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hares.model.layer.TypeCast;

/**
 * The arithmetic of a forward pass. Weights are stored, standardised and squeeze-excite gates
 * computed in float32; the input and the standardised weights are cast to the precision, and the
 * embeddings come back as float32. Reduced precision is an explicit choice, refused where the
 * hardware would only emulate it.
 */
public enum Precision {
    FP32("fp32", DataType.FLOAT32, List.of()),
    /** bfloat16: native on CPUs with AVX-512 BF16 or AMX, and on CUDA. */
    BF16("bf16", DataType.BFLOAT16, List.of("avx512_bf16", "amx_bf16")),
    /** float16: CUDA only (no CPU flag makes libtorch's float16 convolutions fast). */
    FP16("fp16", DataType.FLOAT16, null);

    private final String id;
    private final DataType dataType;
    /** CPU flags of which one means native support; empty: any CPU; null: no CPU. */
    private final List<String> cpuFlags;

    Precision(String id, DataType dataType, List<String> cpuFlags) {
        this.id = id;
        this.dataType = dataType;
        this.cpuFlags = cpuFlags;
    }

    public String id() {
        return id;
    }

    /** The data type's full name, as results files record it ({@code float32}, {@code bfloat16}, {@code float16}). */
    public String dataTypeName() {
        return dataType.toString().toLowerCase(Locale.ROOT);
    }

    /** {@code x} (float32) in this precision: {@code x} itself for fp32, else a new array. */
    public NDArray cast(NDArray x) {
        return switch (this) {
            case FP32 -> x;
            // DJL has no code for bfloat16: see TypeCast
            case BF16 -> TypeCast.toBfloat16(x);
            case FP16 -> x.toType(dataType, false);
        };
    }

    public static Precision parse(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown precision '" + id + "'; valid: " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(Precision::id).collect(Collectors.joining(", "));
    }

    /**
     * Refuses a precision {@code device} would only emulate: on a CPU, bf16 needs one of its flags in
     * {@code cpu}, fp16 is refused; on CUDA every precision runs.
     *
     * @throws IllegalArgumentException naming the CPU and the missing flag
     */
    public void requireNativeOn(Device device, CpuInfo cpu) {
        if (device.isGpu() || (cpuFlags != null && (cpuFlags.isEmpty() || cpuFlags.stream().anyMatch(cpu::has)))) {
            return;
        }
        throw new IllegalArgumentException(cpuFlags == null
                ? "precision " + id + " runs on CUDA devices only, not on the CPU (" + cpu.model() + "); use fp32 or bf16"
                : "precision " + id + " needs native support on the CPU: " + cpu.model() + " lacks the "
                        + String.join(" or ", cpuFlags) + " flag in /proc/cpuinfo; use fp32, or a CUDA device");
    }

    @Override
    public String toString() {
        return id;
    }
}
