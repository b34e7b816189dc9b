package org.hares.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.hares.io.Npy;
import org.hares.testing.Golden;
import org.hares.testing.GoldenWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bf16 inference against the float32 golden output of the PyTorch peer, run in software emulation where
 * the CPU has no native bf16 (the hardware check is bypassed here, never in the commands), and the refusal
 * of reduced precision on hardware that would only emulate it.
 */
class ReducedPrecisionTest {

    private static final CpuInfo ZEN3 = CpuInfo.parse("model name\t: AMD EPYC 7B13\ncpu MHz\t\t: 2450.000\n"
            + "flags\t\t: fpu sse2 avx avx2 fma\n");
    private static final CpuInfo SAPPHIRE_RAPIDS = CpuInfo.parse("model name\t: Intel(R) Xeon(R) Platinum 8481C\n"
            + "flags\t\t: fpu avx2 avx512f avx512_bf16 amx_bf16 amx_tile\n");

    @TempDir
    Path dir;

    @Test
    void bf16StaysCloseToTheFloat32GoldenOutput() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_NFNET_F0;
        float[] expected = Npy.read(Golden.file("output_slowfast_nfnet_f0.npy")).toFloats();
        Path npz = GoldenWeights.writeNpz(dir.resolve("golden.npz"), arch.newBlock().haikuParameters(), 0);
        float[] bf16;
        try (Embedder embedder = Embedder.emulating(arch, Optional.of(npz), 0, Device.cpu(), Precision.BF16)) {
            assertThat(embedder.precision()).isEqualTo(Precision.BF16);
            bf16 = embedder.embed(GoldenWeights.input(2, 400, 128, 0), 2, 400, 128);
        }
        assertThat(bf16).hasSameSizeAs(expected);
        double maxAbs = 0;
        double sumAbs = 0;
        double sumSquares = 0;
        double maxRef = 0;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(bf16[i] - expected[i]);
            maxAbs = Math.max(maxAbs, d);
            sumAbs += d;
            sumSquares += d * d;
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            dot += (double) bf16[i] * expected[i];
            na += (double) bf16[i] * bf16[i];
            nb += (double) expected[i] * expected[i];
        }
        double cosine = dot / Math.sqrt(na * nb);
        System.out.printf(Locale.ROOT, "bf16 vs float32 golden (slowfast-nfnet-f0, 2 x 400 x 128): max |d| %.3g, "
                + "mean |d| %.3g, max |d| / max |ref| %.3g, ||d|| / ||ref|| %.3g, cosine %.6f%n", maxAbs,
                sumAbs / expected.length, maxAbs / maxRef, Math.sqrt(sumSquares / nb), cosine);
        // computed in bf16 at all (float32 lands within 1e-5), and still the same embedding
        assertThat(maxAbs).isGreaterThan(1e-4).isLessThan(0.05 * maxRef);
        assertThat(cosine).isGreaterThan(0.999);
    }

    @Test
    void bf16IsRefusedOnACpuWithoutNativeSupportNamingTheCpuAndTheFlag() {
        assertThatThrownBy(() -> Precision.BF16.requireNativeOn(Device.cpu(), ZEN3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AMD EPYC 7B13").hasMessageContaining("avx512_bf16").hasMessageNotContaining("\n");
        Precision.BF16.requireNativeOn(Device.cpu(), SAPPHIRE_RAPIDS);
        Precision.BF16.requireNativeOn(Device.gpu(), ZEN3);
    }

    @Test
    void fp16RunsOnCudaOnlyAndFp32Everywhere() {
        assertThatThrownBy(() -> Precision.FP16.requireNativeOn(Device.cpu(), SAPPHIRE_RAPIDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CUDA");
        Precision.FP16.requireNativeOn(Device.gpu(), ZEN3);
        Precision.FP32.requireNativeOn(Device.cpu(), CpuInfo.UNKNOWN);
    }

    @Test
    void parsesCpuInfo() {
        assertThat(SAPPHIRE_RAPIDS.model()).isEqualTo("Intel(R) Xeon(R) Platinum 8481C");
        assertThat(SAPPHIRE_RAPIDS.has("amx_bf16")).isTrue();
        assertThat(ZEN3.has("avx512_bf16")).isFalse();
        assertThat(ZEN3.mhz()).isEqualTo(2450.0);
        assertThat(Precision.parse("BF16")).isEqualTo(Precision.BF16);
        assertThat(Precision.BF16.dataTypeName()).isEqualTo("bfloat16");
        assertThat(Precision.FP32.dataTypeName()).isEqualTo("float32");
    }
}
