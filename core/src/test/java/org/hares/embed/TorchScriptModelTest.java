package org.hares.embed;

import org.hares.eval.EvalFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hares.embed.OnnxModelTest.assertClose;
import static org.hares.embed.OnnxModelTest.rows;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hares.frontend.FrontendConfig;
import org.hares.io.NpyArray;
import org.hares.model.weights.CheckpointMismatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TorchScript contract against the outputs PyTorch gave ({@code eval/torchscript_check.py}). */
class TorchScriptModelTest {

    private static final Map<String, NpyArray> EXPECTED = EvalFixtures.npz("ts_expected.npz");

    @Test
    void logMelModuleWithTimeAxisIsAveragedOverTime() {
        try (TorchScriptModel m = new TorchScriptModel(EvalFixtures.file("ts_logmel.pt"), ModelInput.LOGMEL,
                16000, 1.0, FrontendConfig.DEFAULT, Device.cpu())) {
            assertThat(m.embeddingSize()).isEqualTo(8);
            assertThat(m.prepare(new float[16000])).hasSize(101 * 128);
            List<float[]> out = m.embed(rows(EXPECTED.get("logmel").toFloats(), 3));
            assertClose(out, EXPECTED.get("logmel_out").toFloats(), 8);
            assertThat(m.fingerprint()).startsWith("torchscript:sha256:").contains(":LOGMEL:");
        }
    }

    @Test
    void furtherStreamsRunTheSameModuleAtOnceEachWithAPredictorOfItsOwn() throws Exception {
        float[] x = EXPECTED.get("logmel").toFloats();
        float[] expected = EXPECTED.get("logmel_out").toFloats();
        try (TorchScriptModel m = new TorchScriptModel(EvalFixtures.file("ts_logmel.pt"), ModelInput.LOGMEL,
                16000, 1.0, FrontendConfig.DEFAULT, Device.cpu())) {
            List<Thread> streams = new java.util.ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            List<EmbeddingModel> instances = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            for (int s = 0; s < 2; s++) {
                int stream = s;
                streams.add(new Thread(() -> {
                    try {
                        EmbeddingModel mine = m.stream(stream, 2);
                        instances.add(mine);
                        for (int i = 0; i < 20; i++) {
                            assertClose(mine.embed(rows(x, 3)), expected, 8);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            streams.forEach(Thread::start);
            for (Thread t : streams) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(instances).hasSize(2).contains(m).doesNotHaveDuplicates();
            assertThat(instances).allSatisfy(i -> assertThat(i.fingerprint()).isEqualTo(m.fingerprint()));
        }
    }

    @Test
    void waveformModuleTakesSamplesAtTheDeclaredRate() {
        try (TorchScriptModel m = new TorchScriptModel(EvalFixtures.file("ts_waveform.pt"), ModelInput.WAVEFORM,
                16000, 1.0, FrontendConfig.DEFAULT, Device.cpu())) {
            assertThat(m.embeddingSize()).isEqualTo(4);
            assertClose(m.embed(rows(EXPECTED.get("wave").toFloats(), 2)), EXPECTED.get("wave_out").toFloats(), 4);
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path bogus = Files.writeString(tmp.resolve("model.pt"), "not a zip");
        assertThatThrownBy(() -> new TorchScriptModel(bogus, ModelInput.WAVEFORM, 16000, 1.0,
                FrontendConfig.DEFAULT, Device.cpu()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageContaining(bogus + ": not a loadable TorchScript module");
        // a log-mel module fed waveforms: the probe forward fails and names both shapes
        assertThatThrownBy(() -> new TorchScriptModel(EvalFixtures.file("ts_logmel.pt"), ModelInput.WAVEFORM,
                16000, 1.0, FrontendConfig.DEFAULT, Device.cpu()))
                .isInstanceOf(CheckpointMismatchException.class)
                .hasMessageStartingWith(EvalFixtures.file("ts_logmel.pt") + ": forward failed on a (B, 16000) waveform input, a 1.0-s window "
                        + "(expected it to take ")
                // libtorch's own error line, not TorchScript's multi-line traceback
                .hasMessageEndingWith("): RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x16000 and 128x8)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
