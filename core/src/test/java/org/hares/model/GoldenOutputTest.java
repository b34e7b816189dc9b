package org.hares.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.hares.io.Npy;
import org.hares.testing.Golden;
import org.hares.testing.GoldenWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference outputs of the PyTorch peer (golden/ and model/ test resources), with recipe
 * weights written as a Haiku .npz and loaded through the checkpoint import.
 */
class GoldenOutputTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"slowfast-nfnet-f0, output_slowfast_nfnet_f0.npy", "nfnet-f0-slow, output_nfnet_f0_slow.npy",
        "nfnet-f0-fast, output_nfnet_f0_fast.npy"})
    void reproducesTheReferenceOutputs(String id, String golden) {
        float[] expected = Npy.read(Golden.file(golden)).toFloats();
        assertThat(maxAbsDiff(run(ModelArchitecture.parse(id), 400, 0), expected)).isLessThan(1e-5);
    }

    @Test
    void reproducesTheReferenceFor401Frames() throws URISyntaxException {
        Path reference = Path.of(getClass().getResource("/model/output_slowfast_nfnet_f0_salt1_frames401.npy").toURI());
        float[] expected = Npy.read(reference).toFloats();
        assertThat(maxAbsDiff(run(ModelArchitecture.SLOWFAST_NFNET_F0, 401, 1), expected)).isLessThan(1e-5);
    }

    private float[] run(ModelArchitecture arch, int frames, long salt) {
        Path npz = GoldenWeights.writeNpz(dir.resolve(arch.id() + ".npz"), arch.newBlock().haikuParameters(), salt);
        try (Embedder embedder = Embedder.open(arch, Optional.of(npz), 0, Device.cpu())) {
            float[] out = embedder.embed(GoldenWeights.input(2, frames, 128, salt), 2, frames, 128);
            assertThat(out).hasSize(2 * arch.embeddingSize());
            return out;
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
