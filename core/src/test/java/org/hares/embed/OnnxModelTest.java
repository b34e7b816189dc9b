package org.hares.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.hares.frontend.FrontendConfig;
import org.hares.io.NpyArray;
import org.hares.model.weights.CheckpointMismatchException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The onnx:FILE contract against torch's outputs and the TorchScript twins ({@code onnx/onnx_check.py}). */
class OnnxModelTest {

    @TempDir
    static Path dir;

    private static Map<String, NpyArray> expected;

    @BeforeAll
    static void copyFixtures() {
        expected = OnnxFixtures.expected(dir);
        for (String name : List.of("logmel_dynamic.onnx", "logmel_fixed.onnx", "logmel_twin.pt", "wave_dynamic.onnx",
                "wave_fixed.onnx", "wave_float64.onnx", "wave_twin.pt")) {
            OnnxFixtures.copy(name, dir);
        }
    }

    private static OnnxModel open(String name, Optional<ModelInput> input, OptionalInt rate) {
        return OnnxModel.open(dir.resolve(name), input, rate, 1.0, FrontendConfig.DEFAULT, Device.cpu());
    }

    @Test
    void logMelModelWithDynamicAxesEqualsTorchAndItsTorchScriptTwin() {
        List<float[]> logmel = rows(expected.get("logmel").toFloats(), 3);
        try (OnnxModel m = open("logmel_dynamic.onnx", Optional.empty(), OptionalInt.empty());
                TorchScriptModel twin = new TorchScriptModel(dir.resolve("logmel_twin.pt"), ModelInput.LOGMEL, 16000, 1.0,
                        FrontendConfig.DEFAULT, Device.cpu())) {
            assertThat(m.input()).isEqualTo(ModelInput.LOGMEL);
            assertThat(m.embeddingSize()).isEqualTo(6);
            assertThat(m.prepare(new float[16000])).hasSize(101 * 128);
            List<float[]> out = m.embed(logmel);
            assertClose(out, expected.get("logmel_out").toFloats(), 6);
            assertClose(twin.embed(logmel), flatten(out), 6);
            assertThat(m.fingerprint()).startsWith("onnx:sha256:").contains(":LOGMEL:");
            assertThat(m.provenance()).containsEntry("model", "onnx").doesNotContainKey("fixed_batch");
            // one extraction stream: ONNX Runtime's session has its own thread pool
            assertThat(m.maxStreams()).isEqualTo(1);
            assertThat(EmbeddingExtractor.streams(m, 2)).isEqualTo(1);
        }
    }

    @Test
    void fixedBatchOfOneAndFixedLengthAreCalledRowByRowAndPieceByPiece() {
        try (OnnxModel m = open("logmel_fixed.onnx", Optional.empty(), OptionalInt.empty())) {
            assertThat(m.provenance()).containsEntry("fixed_batch", "1").containsEntry("fixed_input_length", "" + 101 * 128);
            assertClose(m.embed(rows(expected.get("logmel").toFloats(), 3)), expected.get("logmel_out").toFloats(), 6);
            // 201 frames into a 101-frame model: two pieces, the last zero-padded, their embeddings averaged
            assertClose(m.embed(rows(expected.get("logmel_long").toFloats(), 2)), expected.get("logmel_long_out").toFloats(), 6);
        }
    }

    @Test
    void waveformInputAndSampleRateAreReadFromTheMetadata() {
        List<float[]> wave = rows(expected.get("wave").toFloats(), 2);
        try (OnnxModel m = open("wave_dynamic.onnx", Optional.empty(), OptionalInt.empty());
                TorchScriptModel twin = new TorchScriptModel(dir.resolve("wave_twin.pt"), ModelInput.WAVEFORM, 16000, 1.0,
                        FrontendConfig.DEFAULT, Device.cpu())) {
            assertThat(m.input()).isEqualTo(ModelInput.WAVEFORM);
            assertThat(m.sampleRate()).isEqualTo(16000);
            assertThat(m.prepare(new float[16000])).hasSize(16000);
            List<float[]> out = m.embed(wave);
            assertClose(out, expected.get("wave_out").toFloats(), 8);
            assertClose(twin.embed(wave), flatten(out), 8);
        }
    }

    @Test
    void waveformModelWithFixedBatchAndLengthTakesTheOptions() {
        try (OnnxModel m = open("wave_fixed.onnx", Optional.of(ModelInput.WAVEFORM), OptionalInt.of(16000))) {
            assertThat(m.provenance()).containsEntry("fixed_batch", "1").containsEntry("fixed_input_length", "16000");
            assertClose(m.embed(rows(expected.get("wave").toFloats(), 2)), expected.get("wave_out").toFloats(), 8);
        }
    }

    @Test
    void optionsThatContradictTheMetadataAreRefused() {
        assertThatThrownBy(() -> open("wave_dynamic.onnx", Optional.of(ModelInput.LOGMEL), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declares hares.input=waveform in its metadata, but --model-input logmel was given");
        assertThatThrownBy(() -> open("wave_dynamic.onnx", Optional.empty(), OptionalInt.of(8000)))
                .hasMessageContaining("hares.sample_rate=16000").hasMessageContaining("--model-sample-rate 8000");
    }

    @Test
    void wrongRankOrDtypeIsRefusedWhenOpenedNamingBothShapes() {
        assertThatThrownBy(() -> open("logmel_dynamic.onnx", Optional.of(ModelInput.WAVEFORM), OptionalInt.empty()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessage(dir.resolve("logmel_dynamic.onnx") + ": input 'logmel' is (batch, frames, 128, 1) float32; "
                        + "expected (B, samples) float32 waveform for --model-input waveform");
        assertThatThrownBy(() -> open("wave_float64.onnx", Optional.of(ModelInput.WAVEFORM), OptionalInt.empty()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageContaining("input 'waveform' is (batch, samples) float64; expected (B, samples) float32 waveform");
        assertThatThrownBy(() -> open("wave_fixed.onnx", Optional.empty(), OptionalInt.empty()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageContaining("input 'waveform' is (1, 16000) float32; expected (B, T, 128, 1) float32 log-mel");
    }

    @Test
    void aFileThatIsNotAnOnnxModelIsRefusedNamingIt(@TempDir Path tmp) throws IOException {
        Path bogus = Files.writeString(tmp.resolve("model.onnx"), "not a protobuf");
        assertThatThrownBy(() -> OnnxModel.open(bogus, Optional.empty(), OptionalInt.empty(), 1.0, FrontendConfig.DEFAULT,
                Device.cpu()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageStartingWith(bogus + ": not a loadable ONNX model")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> EmbeddingModels.open("onnx:" + tmp.resolve("absent.onnx"), Optional.empty(), 0, Device.cpu(),
                FrontendConfig.DEFAULT, EmbeddingModels.ExternalModelOptions.DEFAULT))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessage(tmp.resolve("absent.onnx") + ": ONNX file not found");
    }

    @Test
    void isOpenedByNameAndTakesNoCheckpoint() {
        String name = "onnx:" + dir.resolve("logmel_dynamic.onnx");
        try (EmbeddingModel m = EmbeddingModels.open(name, Optional.empty(), 0, Device.cpu(), FrontendConfig.DEFAULT,
                EmbeddingModels.ExternalModelOptions.DEFAULT)) {
            assertThat(m).isInstanceOf(OnnxModel.class);
            assertThat(m.name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> EmbeddingModels.open(name, Optional.of(dir.resolve("params.npz")), 0, Device.cpu(),
                FrontendConfig.DEFAULT, EmbeddingModels.ExternalModelOptions.DEFAULT))
                .isInstanceOf(CheckpointMismatchException.class).hasMessageContaining("--checkpoint applies to the NFNet models");
        assertThat(EmbeddingModels.NAMES).contains("onnx:FILE");
    }

    static List<float[]> rows(float[] flat, int n) {
        int per = flat.length / n;
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] r = new float[per];
            System.arraycopy(flat, i * per, r, 0, per);
            out.add(r);
        }
        return out;
    }

    private static float[] flatten(List<float[]> rows) {
        int d = rows.get(0).length;
        float[] flat = new float[rows.size() * d];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * d, d);
        }
        return flat;
    }

    static void assertClose(List<float[]> actual, float[] expected, int d) {
        assertThat(actual).hasSize(expected.length / d);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).hasSize(d);
            for (int k = 0; k < d; k++) {
                assertThat(actual.get(i)[k]).as("row %d, value %d", i, k).isCloseTo(expected[i * d + k], within(1e-5f));
            }
        }
    }
}
