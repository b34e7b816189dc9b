package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.hares.testing.datasets.Esc50Fixture;
import org.hares.testing.datasets.NSynthFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();

    @Test
    void evaluatesThePresentTasksReportsTheMissingOnesAndWritesTheThreeFiles() throws IOException {
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        int code = cli.run("eval", "--model", "logmel-stats", "--task", "esc50=" + esc,
                "--protocol", "fast", "--cache", tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString(),
                "--threads", "1");
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("esc50:default").contains("accuracy").contains("(not comparable with the paper)")
                .contains("HARES: partial run, mean over 1 task(s)").contains("nsynth_pitch");
        JsonObject provenance = JsonParser.parseString(Files.readString(tmp.resolve("out/results.json"))).getAsJsonObject()
                .getAsJsonObject("provenance");
        assertThat(provenance.get("created").getAsString()).endsWith("Z");
        assertThat(provenance.get("hares_version").getAsString()).isNotBlank();
        assertThat(provenance.get("command_line").getAsString()).startsWith("hares eval --model logmel-stats --task esc50=" + esc);
        assertThat(Files.readString(tmp.resolve("out/results.md"))).contains("Made 20").contains("command: hares eval");
        String json = Files.readString(tmp.resolve("out/results.json"));
        assertThat(json).contains("\"score\" : null").contains("\"partial\" : true");
        assertThat(tmp.resolve("out/results.md")).exists();
        // the fast protocol is not comparable with the paper: its published bars are drawn faded
        assertThat(Files.readString(tmp.resolve("out/report.html"))).contains("data-task=\"esc50\"")
                .contains("esc50:default (accuracy, not comparable †)").contains("opacity=\"0.3\"")
                .contains("environment average over the 1 of 4 tasks run (not comparable †)");
        assertThat(cli.err()).contains("embed esc50:default all").contains("clips/s").contains("ETA");
    }

    @Test
    void aTaskFolderThatDoesNotExistIsRefusedBeforeAnyWork() throws IOException {
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        int code = cli.run("eval", "--model", "logmel-stats", "--task", "esc50=" + esc, "--task", "nsynth_pitch=" + tmp.resolve("absent"),
                "--protocol", "fast", "--cache", tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString());
        assertThat(code).as(cli.err()).isEqualTo(3);
        assertThat(cli.err()).isEqualTo("hares: error: " + tmp.resolve("absent") + ": no such dataset folder for "
                + "nsynth_pitch:default (expected an existing folder for every task given)" + System.lineSeparator());
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void aTaskFailingMidRunKeepsTheFinishedTasksAndExitsNonZero() throws IOException {
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        Path nsynth = NSynthFixture.write(tmp.resolve("nsynth"));
        Path corrupt;
        try (var files = Files.walk(nsynth.resolve("nsynth-test"))) {
            corrupt = files.filter(f -> f.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
        }
        Files.writeString(corrupt, "RIFF but not a wave file");
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), "{\"old\": true}");
        int code = cli.run("eval", "--model", "logmel-stats", "--task", "nsynth_instrument=" + nsynth, "--task", "esc50=" + esc,
                "--protocol", "fast", "--cache", tmp.resolve("cache").toString(), "--out", out.toString(), "--threads", "1");
        assertThat(code).as(cli.err()).isEqualTo(3);
        assertThat(cli.err().lines().filter(l -> l.startsWith("hares: error: ")).toList()).singleElement().asString()
                .startsWith("hares: error: 1 task(s) failed (1 finished, written to " + out.resolve("results.json"))
                .contains("nsynth_instrument:default: 1 clip(s) of nsynth_instrument:default").contains(corrupt.toString());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        assertThat(json.getAsJsonObject("tasks").keySet()).containsExactly("esc50");
        assertThat(json.getAsJsonObject("hares").getAsJsonObject("missing_reasons").get("nsynth_instrument").getAsString())
                .startsWith("failed: 1 clip(s) of nsynth_instrument:default");
        assertThat(json.has("old")).isFalse();
    }

    @Test
    void theFastProtocolTakesItsCGridAndIterationCap() throws IOException {
        Path nsynth = NSynthFixture.write(tmp.resolve("nsynth"));
        String[] common = {"eval", "--model", "logmel-stats", "--task", "nsynth_instrument=" + nsynth, "--protocol", "fast",
            "--cache", tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString(), "--threads", "1"};
        assertThat(cli.run(concat(common, "--fast-c", "0.5,2", "--fast-max-iter", "3"))).as(cli.err()).isZero();
        JsonObject task = JsonParser.parseString(Files.readString(tmp.resolve("out/results.json"))).getAsJsonObject()
                .getAsJsonObject("tasks").getAsJsonObject("nsynth_instrument");
        assertThat(task.getAsJsonObject("fast_validation_scores").keySet()).containsExactly("0.5", "2.0");
        assertThat(task.get("fast_iterations").getAsInt()).isBetween(1, 3);
        assertThat(task.get("fast_validation").getAsString()).isEqualTo("validation split");

        assertThat(cli.run(concat(common, "--fast-c", "0,1"))).isEqualTo(2);
        assertThat(cli.err()).contains("the fast protocol's C grid must be positive values, got [0.0, 1.0]");
        assertThat(cli.run(concat(common, "--fast-max-iter", "0"))).isEqualTo(2);
        assertThat(cli.err()).contains("iterations must be positive, got 32, 1, 8, 0");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void skipBadAudioSkipsAbsentEmptyAndUndecodableFilesAlikeAndSoDoesTheYamlKey() throws IOException {
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        Files.delete(esc.resolve("audio/2-100210-B-10.wav"));
        Files.write(esc.resolve("audio/5-103420-A-10.wav"), new byte[0]);
        Files.writeString(esc.resolve("audio/3-100648-A-0.wav"), "not audio, just text".repeat(20));
        String[] common = {"eval", "--model", "logmel-stats", "--protocol", "fast", "--cache", tmp.resolve("cache").toString(),
            "--out", tmp.resolve("out").toString(), "--threads", "1"};
        assertThat(cli.run(concat(common, "--task", "esc50=" + esc))).isEqualTo(3);

        cli.clear();
        assertThat(cli.run(concat(common, "--task", "esc50=" + esc, "--skip-bad-audio"))).as(cli.err()).isZero();
        JsonObject task = JsonParser.parseString(Files.readString(tmp.resolve("out/results.json"))).getAsJsonObject()
                .getAsJsonObject("tasks").getAsJsonObject("esc50");
        assertThat(task.get("n_test").getAsInt()).isEqualTo(7);
        assertThat(task.get("bad_files").toString()).contains("5-103420-A-10.wav: empty file (0 bytes)")
                .contains("3-100648-A-0.wav: not a readable audio file");

        cli.clear();
        Path yaml = Files.writeString(tmp.resolve("datasets.yaml"), "skip_bad_audio: true\ntasks:\n  esc50: ESC-50-master\n");
        assertThat(cli.run(concat(common, "--config", yaml.toString()))).as(cli.err()).isZero();
    }

    @Test
    void aTorchScriptModelIsProbedWithTheWindowsOfTheTasksEvaluated() throws Exception {
        // a module that takes only T = 501 frames, the 5-s windows of ESC-50 (resources/torchscript/make_fixed_window.py)
        Path module = Path.of(EvalCommandTest.class.getResource("/torchscript/fixed_501_frames.pt").toURI());
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        assertThat(cli.run("eval", "--model", "torchscript:" + module, "--task", "esc50=" + esc, "--protocol", "fast",
                "--cache", tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString(), "--threads", "1"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("esc50:default");
        // NSynth pitch cuts 1-s windows (T = 101): refused at load, naming the window, before any audio is read
        cli.clear();
        Path nsynth = NSynthFixture.write(tmp.resolve("nsynth"));
        assertThat(cli.run("eval", "--model", "torchscript:" + module, "--task", "esc50=" + esc, "--task", "nsynth_pitch=" + nsynth,
                "--protocol", "fast", "--cache", tmp.resolve("cache2").toString(), "--out", tmp.resolve("out2").toString()))
                .isEqualTo(4);
        assertThat(cli.err()).contains("forward failed on a (B, 101, 128, 1) logmel input, a 1.0-s window");
        assertThat(tmp.resolve("cache2")).doesNotExist();
    }

    @Test
    void twoExtractionStreamsGiveTheEmbeddingsAndScoresOfOne() throws IOException {
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        java.util.Map<String, JsonObject> tasks = new java.util.HashMap<>();
        for (String streams : new String[] {"1", "2"}) {
            assertThat(cli.run("eval", "--model", "slowfast-test", "--seed", "5", "--task", "esc50=" + esc, "--protocol", "fast",
                    "--batch-size", "3", "--streams", streams, "--cache", tmp.resolve("cache" + streams).toString(),
                    "--out", tmp.resolve("out" + streams).toString(), "--threads", "1")).as(cli.err()).isZero();
            JsonObject results = JsonParser.parseString(Files.readString(tmp.resolve("out" + streams + "/results.json")))
                    .getAsJsonObject();
            assertThat(results.getAsJsonObject("provenance").get("streams").getAsInt()).isEqualTo(Integer.parseInt(streams));
            tasks.put(streams, results.getAsJsonObject("tasks").getAsJsonObject("esc50"));
        }
        assertThat(tasks.get("2").get("score").getAsDouble()).isEqualTo(tasks.get("1").get("score").getAsDouble());
        java.util.Map<Path, float[]> one = cachedEmbeddings(tmp.resolve("cache1"));
        java.util.Map<Path, float[]> two = cachedEmbeddings(tmp.resolve("cache2"));
        assertThat(one).hasSize(10);
        assertThat(two.keySet()).isEqualTo(one.keySet());
        // libtorch's long reductions split over the threads: 2 streams x 1 thread may round differently from 1 x 2
        one.forEach((file, e) -> {
            float[] f = two.get(file);
            for (int i = 0; i < e.length; i++) {
                assertThat(f[i]).as("%s value %d", file, i)
                        .isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-6f * Math.max(1, Math.abs(e[i]))));
            }
        });
    }

    /** Every cache entry's embeddings, by its path in the cache. */
    private static java.util.Map<Path, float[]> cachedEmbeddings(Path cache) throws IOException {
        try (var files = Files.walk(cache)) {
            return files.filter(f -> f.toString().endsWith(".npz")).collect(java.util.stream.Collectors.toMap(cache::relativize,
                    f -> org.hares.io.Npz.read(f).get("embeddings").toFloats()));
        }
    }

    @Test
    void aCheckpointForAModelThatTakesNoneIsRefusedBeforeAnyWork() throws IOException {
        Path ckpt = Files.writeString(tmp.resolve("weights.npz"), "x");
        int code = cli.run("eval", "--model", "logmel-stats", "--checkpoint", ckpt.toString(), "--task", "esc50=" + tmp,
                "--out", tmp.resolve("out").toString(), "--cache", tmp.resolve("cache").toString());
        assertThat(code).isEqualTo(4);
        assertThat(cli.err()).contains("hares: error: " + ckpt + ": --checkpoint applies to the NFNet models, not to logmel-stats");
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void aCheckpointHoldingNaNIsRefusedBeforeAnyWork() throws IOException {
        org.hares.model.ModelArchitecture arch = org.hares.model.ModelArchitecture.SLOWFAST_TEST;
        java.util.Map<String, org.hares.io.NpyArray> arrays = new java.util.LinkedHashMap<>(
                org.hares.testing.GoldenWeights.arrays(arch.newBlock().haikuParameters(), 1));
        String key = arrays.keySet().iterator().next();
        float[] w = arrays.get(key).toFloats();
        w[0] = Float.NaN;
        arrays.put(key, org.hares.io.NpyArray.ofFloats(w, arrays.get(key).shape()));
        Path ckpt = tmp.resolve("nan.npz");
        org.hares.io.Npz.write(ckpt, arrays);
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        int code = cli.run("eval", "--model", "slowfast-test", "--checkpoint", ckpt.toString(), "--task", "esc50=" + esc,
                "--protocol", "fast", "--out", tmp.resolve("out").toString(), "--cache", tmp.resolve("cache").toString());
        assertThat(code).isEqualTo(4);
        assertThat(cli.err()).isEqualTo("hares: error: checkpoint " + ckpt + " refused: 1 NaN or infinite value(s), expected "
                + "finite weights; 1 array(s) holding them: " + key + " (1 of " + w.length + " values);" + System.lineSeparator());
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void unknownModelAndProtocolAreUsageErrors() {
        assertThat(cli.run("eval", "--model", "wav2vec", "--task", "esc50=" + tmp)).isEqualTo(2);
        assertThat(cli.err()).contains("unknown model 'wav2vec'").contains("torchscript:FILE");
        assertThat(cli.run("eval", "--model", "logmel-stats", "--protocol", "slow", "--task", "esc50=" + tmp)).isEqualTo(2);
        assertThat(cli.err()).contains("--protocol must be paper or fast, got 'slow'");
    }
}
