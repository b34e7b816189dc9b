package org.hares.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.Optional;
import org.hares.frontend.FrontendConfig;
import org.hares.model.ModelArchitecture;
import org.hares.model.Precision;
import org.junit.jupiter.api.Test;

/** The precision in the network's identity: cache keys and provenance. */
class NfNetEmbeddingModelTest {

    @Test
    void reducedPrecisionGetsAFingerprintOfItsOwnWhileFloat32KeepsItsCacheKey() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        try (EmbeddingModel m = EmbeddingModels.open(arch.id(), Optional.empty(), 4, Device.cpu(), FrontendConfig.DEFAULT,
                EmbeddingModels.ExternalModelOptions.DEFAULT)) {
            assertThat(m.fingerprint()).isEqualTo(arch.id() + ":seed:4:" + FrontendConfig.DEFAULT)
                    .isEqualTo(NfNetEmbeddingModel.fingerprint(arch, "seed:4", Precision.FP32, FrontendConfig.DEFAULT));
            assertThat(m.provenance()).containsEntry("precision", "fp32");
        }
        assertThat(NfNetEmbeddingModel.fingerprint(arch, "seed:4", Precision.BF16, FrontendConfig.DEFAULT))
                .endsWith(":bf16")
                .isNotEqualTo(NfNetEmbeddingModel.fingerprint(arch, "seed:4", Precision.FP16, FrontendConfig.DEFAULT));
    }

    @Test
    void reducedPrecisionIsRefusedForModelsOtherThanTheNetworks() {
        assertThatThrownBy(() -> EmbeddingModels.open(LogMelStatsModel.NAME, Optional.empty(), 0, Device.cpu(), Precision.BF16,
                FrontendConfig.DEFAULT, EmbeddingModels.ExternalModelOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NFNet models").hasMessageContaining("bf16");
        assertThatThrownBy(() -> EmbeddingModels.open(ModelArchitecture.SLOWFAST_TEST.id(), Optional.empty(), 0, Device.cpu(),
                Precision.FP16, FrontendConfig.DEFAULT, EmbeddingModels.ExternalModelOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CUDA");
    }
}
