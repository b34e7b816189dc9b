package org.hares.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The layer-by-layer timing of a forward pass: every layer timed, the MACs adding up to the model's count. */
class ForwardProfileTest {

    @ParameterizedTest
    @CsvSource({"slowfast-test, 3, 48, 16", "nfnet-f0-fast, 2, 40, 16"})
    void everyLayerIsTimedAndTheLayersMacsAddUpToTheModels(String id, int batch, int frames, int bins) {
        ModelArchitecture arch = ModelArchitecture.parse(id);
        float[] x = new float[batch * frames * bins];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        ForwardProfile profile = new ForwardProfile();
        float[] timed;
        float[] plain;
        try (Embedder embedder = Embedder.open(arch, Optional.empty(), 3, Device.cpu())) {
            plain = embedder.embed(x, batch, frames, bins);
            timed = embedder.embed(x, batch, frames, bins, profile);
            embedder.embed(x, batch, frames, bins, profile);
        }
        assertThat(timed).containsExactly(plain);
        List<ForwardProfile.Row> rows = profile.rows();
        assertThat(profile.passes()).isEqualTo(2);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.seconds()).hasSize(2);
            assertThat(Arrays.stream(r.seconds()).min().orElseThrow()).isPositive();
        });
        assertThat(rows.stream().mapToLong(ForwardProfile.Row::macs).sum()).isEqualTo(batch * arch.newBlock().macs(frames, bins));
        assertThat(profile.passSeconds()).hasSize(2);
        assertThat(Arrays.stream(profile.passSeconds()).min().orElseThrow()).isPositive();
        assertThat(rows.stream().map(ForwardProfile.Row::layer).distinct()).containsExactlyInAnyOrderElementsOf(layers(arch));
        assertThat(rows.stream().filter(r -> r.layer().endsWith("nf_block_1")).map(ForwardProfile.Row::kind))
                .contains(LayerTimer.Kind.CONV_1X1, LayerTimer.Kind.CONV_GROUPED, LayerTimer.Kind.GELU,
                        LayerTimer.Kind.SQUEEZE_EXCITE, LayerTimer.Kind.RESIDUAL);
    }

    @Test
    void clearForgetsTheWarmUp() {
        ForwardProfile profile = new ForwardProfile();
        profile.start();
        profile.lap("a", LayerTimer.Kind.GELU, 0);
        profile.clear();
        assertThat(profile.passes()).isZero();
        assertThat(profile.rows()).isEmpty();
    }

    @Test
    void layerNamesAreHaikuModulePathsWithThePathwaysNamed() {
        assertThat(LayerTimer.label("slow_fast_nf_net/~/NFNet_1/~/nf_block_3")).isEqualTo("slow/nf_block_3");
        assertThat(LayerTimer.label("slow_fast_nf_net/~/NFNet/~/nf_block")).isEqualTo("fast/nf_block");
        assertThat(LayerTimer.label("slow_fast_nf_net/~/fuse_fast2_slow_2")).isEqualTo("fuse_fast2_slow_2");
        assertThat(LayerTimer.label("NFNet/~/nf_block_11")).isEqualTo("nf_block_11");
    }

    /** The layers a profile must name, from the architecture's block counts (not from the timed code). */
    private static List<String> layers(ModelArchitecture arch) {
        List<String> out = new ArrayList<>(List.of("input", "output"));
        SpectrogramEncoder block = arch.newBlock();
        if (block instanceof SlowFastNfNet sf) {
            for (String pathway : List.of("fast/", "slow/")) {
                out.addAll(List.of(pathway + "stem", pathway + "head"));
                out.addAll(blockNames(pathway, sf.fast().blocks().size()));
            }
            out.addAll(Arrays.asList("fuse_fast2_slow", "fuse_fast2_slow_1", "fuse_fast2_slow_2", "fuse_fast2_slow_3"));
        } else {
            out.addAll(List.of("stem", "head"));
            out.addAll(blockNames("", ((NfNet) block).blocks().size()));
        }
        return out;
    }

    private static List<String> blockNames(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prefix + (i == 0 ? "nf_block" : "nf_block_" + i));
        }
        return out;
    }
}
