package org.hares.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Optional;
import org.hares.io.Npy;
import org.hares.testing.Golden;
import org.hares.testing.GoldenWeights;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference outputs of golden/, with recipe weights loaded through the Haiku .npz import. */
class GoldenOutputTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"slowfast-nfnet-f0, output_slowfast_nfnet_f0.npy", "nfnet-f0-slow, output_nfnet_f0_slow.npy",
        "nfnet-f0-fast, output_nfnet_f0_fast.npy"})
    void reproducesTheReferenceOutputs(String id, String golden) {
        ModelArchitecture arch = ModelArchitecture.parse(id);
        Path npz = GoldenWeights.writeNpz(dir.resolve(id + ".npz"), arch.newBlock().haikuParameters(), 0);
        float[] expected = Npy.read(Golden.file(golden)).toFloats();
        try (Embedder embedder = Embedder.open(arch, Optional.of(npz), 0, Device.cpu())) {
            float[] out = embedder.embed(GoldenWeights.input(2, 400, 128, 0), 2, 400, 128);
            assertThat(out).hasSize(expected.length);
            assertThat(maxAbsDiff(out, expected)).isLessThan(1e-5);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
