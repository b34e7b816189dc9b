package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hares.embed.OnnxFixtures;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.io.Npz;
import org.hares.testing.WavFiles;
import org.hares.testing.datasets.Esc50Fixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model onnx:FILE} and {@code --model-input}/{@code --model-sample-rate} on the commands that take a model. */
class OnnxCommandsTest {

    @TempDir
    static Path models;

    @TempDir
    Path tmp;

    private static Map<String, NpyArray> expected;

    private final CliRun cli = new CliRun();

    @BeforeAll
    static void copyModels() {
        expected = OnnxFixtures.expected(models);
        for (String name : new String[] {"logmel_dynamic.onnx", "logmel_fixed.onnx", "logmel_twin.pt", "wave_dynamic.onnx",
                "wave_twin.pt"}) {
            OnnxFixtures.copy(name, models);
        }
    }

    private static String model(String prefix, String file) {
        return prefix + models.resolve(file);
    }

    @Test
    void embedTakesAWaveformModelDeclaredInItsMetadataAndGivesTorchsOutput() throws IOException {
        float[] wave = Arrays.copyOf(expected.get("wave").toFloats(), 16000);
        Path wav = WavFiles.float32(tmp.resolve("tone.wav"), 16000, wave);
        assertThat(cli.run("embed", "--model", model("onnx:", "wave_dynamic.onnx"), "--window", "1", "--out", tmp.toString(),
                wav.toString())).as(cli.err()).isZero();
        assertRowsClose(Npy.read(tmp.resolve("tone.embedding.npy")), Arrays.copyOf(expected.get("wave_out").toFloats(), 8), 1, 8);
    }

    @Test
    void theOldTorchScriptOptionNamesStillWorkWithAWarning() throws IOException {
        float[] wave = Arrays.copyOf(expected.get("wave").toFloats(), 16000);
        Path wav = WavFiles.float32(tmp.resolve("tone.wav"), 16000, wave);
        assertThat(cli.run("embed", "--model", model("torchscript:", "wave_twin.pt"), "--torchscript-input", "waveform",
                "--torchscript-sample-rate", "16000", "--window", "1", "--out", tmp.toString(), wav.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.err()).contains("hares: warning: --torchscript-input is deprecated; use --model-input")
                .contains("hares: warning: --torchscript-sample-rate is deprecated; use --model-sample-rate");
        assertRowsClose(Npy.read(tmp.resolve("tone.embedding.npy")), Arrays.copyOf(expected.get("wave_out").toFloats(), 8), 1, 8);
        cli.clear();
        assertThat(cli.run("eval", "--help")).isZero();
        assertThat(cli.out()).contains("--model-input").contains("--model-sample-rate").contains("onnx:FILE")
                .doesNotContain("--torchscript-input");
    }

    @Test
    void embedFeedsLogMelArraysToAFixedBatchModelOneRowAtATime() {
        Path npy = tmp.resolve("clips.npy");
        NpyArray logmel = expected.get("logmel");
        Npy.write(npy, NpyArray.ofFloats(logmel.toFloats(), 3, 101, 128));
        assertThat(cli.run("embed", "--model", model("onnx:", "logmel_fixed.onnx"), "--batch-size", "2", "--out",
                tmp.toString(), npy.toString())).as(cli.err()).isZero();
        assertRowsClose(Npy.read(tmp.resolve("clips.embedding.npy")), expected.get("logmel_out").toFloats(), 3, 6);
        cli.clear();
        // a waveform model cannot take log-mel arrays
        assertThat(cli.run("embed", "--model", model("onnx:", "wave_dynamic.onnx"), npy.toString())).isEqualTo(3);
        assertThat(cli.err()).contains(npy.toString()).contains("does not take log-mel arrays of 128 mel bins");
    }

    @Test
    void badModelsAreOneLineErrorsBeforeAnyInputIsRead() throws IOException {
        Path bogus = Files.writeString(tmp.resolve("model.onnx"), "not a model");
        Path input = tmp.resolve("absent.wav");
        assertThat(cli.run("embed", "--model", "onnx:" + bogus, input.toString())).isEqualTo(4);
        assertThat(cli.err().strip()).startsWith("hares: error: " + bogus + ": not a loadable ONNX model").doesNotContain("\n");
        cli.clear();
        assertThat(cli.run("embed", "--model", model("onnx:", "logmel_dynamic.onnx"), "--model-input", "waveform",
                input.toString())).isEqualTo(4);
        assertThat(cli.err()).contains("input 'logmel' is (batch, frames, 128, 1) float32; expected (B, samples) float32 waveform");
        cli.clear();
        assertThat(cli.run("embed", "--model", model("onnx:", "logmel_dynamic.onnx"), "--model-input", "spectrogram",
                input.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("unknown model input 'spectrogram' (expected waveform or logmel)");
        cli.clear();
        assertThat(cli.run("embed", "--model", "slowfast-test", "--model-input", "waveform", input.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--model-input and --model-sample-rate apply to torchscript:FILE and onnx:FILE models, "
                + "not to slowfast-test");
    }

    @Test
    void evalEmbedsEveryClipAsTheTorchScriptTwinDoes() throws IOException {
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        String[] names = {model("onnx:", "logmel_dynamic.onnx"), model("torchscript:", "logmel_twin.pt")};
        List<Map<String, float[]>> cached = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = tmp.resolve("out" + i);
            Path cache = tmp.resolve("cache" + i);
            assertThat(cli.run("eval", "--model", names[i], "--task", "esc50=" + esc, "--protocol", "fast", "--cache",
                    cache.toString(), "--out", out.toString(), "--threads", "1")).as(cli.err()).isZero();
            JsonObject results = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
            assertThat(results.getAsJsonObject("model").get("model").getAsString()).isEqualTo(i == 0 ? "onnx" : "torchscript");
            cached.add(embeddingsByClip(cache));
        }
        assertThat(cached.get(0)).isNotEmpty().hasSameSizeAs(cached.get(1));
        for (Map.Entry<String, float[]> e : cached.get(0).entrySet()) {
            float[] twin = cached.get(1).get(e.getKey());
            assertThat(e.getValue()).as(e.getKey()).hasSameSizeAs(twin);
            for (int k = 0; k < twin.length; k++) {
                assertThat(e.getValue()[k]).as(e.getKey()).isCloseTo(twin[k], within(1e-5f));
            }
        }
    }

    /** Every cached clip's window embeddings, keyed by role folder prefix and clip file. */
    private static Map<String, float[]> embeddingsByClip(Path cache) throws IOException {
        Map<String, float[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".npz")).toList()) {
                String role = f.getParent().getFileName().toString().replaceAll("-[0-9a-f]+$", "");
                out.put(role + "/" + f.getFileName(), Npz.read(f).get("embeddings").toFloats());
            }
        }
        return out;
    }

    @Test
    void benchModelReportsTheSameFiguresForAnOnnxModel() throws IOException {
        Path json = tmp.resolve("bench.json");
        assertThat(cli.run("bench", "model", "--model", model("onnx:", "wave_dynamic.onnx"), "--frames", "101",
                "--batch-sizes", "1,4", "--warmup", "1", "--repeats", "2", "--gemm-sizes", "64,256", "--json", json.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("onnx:" + models.resolve("wave_dynamic.onnx")).contains("1.00 s windows (101 frames)")
                .contains("clips/s").contains("peak RSS MiB").contains("n/a").contains("model at best n/a of it")
                .contains("CPU FMA peak");
        String text = Files.readString(json);
        assertThat(text).contains("\"macs_per_clip\": null").contains("\"batch\": 4,").contains("\"gflops\": null")
                .containsPattern("\"sgemm_gflops\": [1-9]");
        BenchModelCommand.Result r = BenchModelCommand.parse(text.lines().filter(l -> l.contains("\"batch\": 4,"))
                .findFirst().orElseThrow());
        assertThat(r.clipsPerSecond()).isPositive();
        assertThat(r.gflops()).isNaN();
        assertThat(r.peakRssMib()).isGreaterThan(50);
    }

    private static void assertRowsClose(NpyArray actual, float[] expected, int rows, int d) {
        assertThat(actual.shape()).containsExactly(rows, d);
        float[] a = actual.toFloats();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("value %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }
}
