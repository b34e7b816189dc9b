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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** bf16 on the full network (the numbers in the README); fp16, CUDA's other precision, on the small pathway. */
    @ParameterizedTest
    @CsvSource({"slowfast-nfnet-f0, output_slowfast_nfnet_f0.npy, BF16", "nfnet-f0-fast, output_nfnet_f0_fast.npy, FP16"})
    void reducedPrecisionStaysCloseToTheFloat32GoldenOutput(String id, String golden, Precision precision) {
        ModelArchitecture arch = ModelArchitecture.parse(id);
        float[] expected = Npy.read(Golden.file(golden)).toFloats();
        Path npz = GoldenWeights.writeNpz(dir.resolve("golden.npz"), arch.newBlock().haikuParameters(), 0);
        float[] reduced;
        try (Embedder embedder = Embedder.emulating(arch, Optional.of(npz), 0, Device.cpu(), precision)) {
            assertThat(embedder.precision()).isEqualTo(precision);
            reduced = embedder.embed(GoldenWeights.input(2, 400, 128, 0), 2, 400, 128);
        }
        assertThat(reduced).hasSameSizeAs(expected);
        double maxAbs = 0;
        double sumAbs = 0;
        double sumSquares = 0;
        double maxRef = 0;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(reduced[i] - expected[i]);
            maxAbs = Math.max(maxAbs, d);
            sumAbs += d;
            sumSquares += d * d;
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            dot += (double) reduced[i] * expected[i];
            na += (double) reduced[i] * reduced[i];
            nb += (double) expected[i] * expected[i];
        }
        double cosine = dot / Math.sqrt(na * nb);
        System.out.printf(Locale.ROOT, "%s vs float32 golden (%s, 2 x 400 x 128): max |d| %.3g, mean |d| %.3g, "
                + "max |d| / max |ref| %.3g, ||d|| / ||ref|| %.3g, cosine %.6f%n", precision, id, maxAbs,
                sumAbs / expected.length, maxAbs / maxRef, Math.sqrt(sumSquares / nb), cosine);
        // computed in reduced precision at all (float32 lands within 1e-5), and still the same embedding
        assertThat(maxAbs).isGreaterThan(2e-5).isLessThan(0.05 * maxRef);
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
