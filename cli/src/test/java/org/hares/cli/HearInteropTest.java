package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hares.audio.AudioReader;
import org.hares.data.Clip;
import org.hares.data.DatasetSelection;
import org.hares.data.Labels;
import org.hares.data.Task;
import org.hares.data.hares.HaresTasks;
import org.hares.data.hear.HearLayout;
import org.hares.data.hear.HearTasks;
import org.hares.eval.DemoSuite;
import org.hares.testing.datasets.Esc50Fixture;
import org.hares.testing.datasets.HaresFixtures;
import org.hares.testing.datasets.NSynthFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HEAR's task and embedding formats in both directions, checked with hear-eval-kit's readers re-enacted in numpy. */
class HearInteropTest {

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();

    @Test
    void theDemoNSynthExportedToHearAndEvaluatedBackHasTheSameClipsLabelsSplitsAndFastScore() throws IOException {
        Path nsynth = DemoSuite.locate().resolve("nsynth");
        assertThat(cli.run("export", "hear", "--task", "nsynth_instrument=" + nsynth, "--out", tmp.resolve("tasks").toString()))
                .as(cli.err()).isZero();
        Path folder = tmp.resolve("tasks/nsynth_instrument-default-full");
        assertThat(cli.out().trim()).isEqualTo(folder.toString());
        JsonObject meta = json(folder.resolve("task_metadata.json"));
        assertThat(meta.get("split_mode").getAsString()).isEqualTo("trainvaltest");
        assertThat(meta.get("sample_duration").getAsDouble()).isEqualTo(4.0);

        Task original = HaresTasks.load(DatasetSelection.parse("nsynth_instrument=" + nsynth));
        Task back = HearTasks.load(DatasetSelection.parse("hear:" + folder));
        assertThat(back.clips()).hasSize(176);
        assertThat(summary(back, c -> c.id().substring(c.id().indexOf('/') + 1)))
                .isEqualTo(summary(original, c -> c.id() + ".wav"));
        for (int i = 0; i < original.clips().size(); i += 25) {
            assertThat(AudioReader.read(back.clips().get(i).file(), 16000).samples())
                    .containsExactly(AudioReader.read(original.clips().get(i).file(), 16000).samples());
        }

        assertThat(cli.run("eval", "--model", "logmel-stats", "--protocol", "fast", "--task", "nsynth_instrument=" + nsynth,
                "--task", "hear:" + folder, "--cache", tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString(),
                "--threads", "2")).as(cli.err()).isZero();
        JsonObject results = json(tmp.resolve("out/results.json"));
        JsonObject tasks = results.getAsJsonObject("tasks");
        JsonObject ours = tasks.getAsJsonObject("nsynth_instrument");
        JsonObject hear = tasks.getAsJsonObject("hear:nsynth_instrument");
        assertThat(hear.get("score").getAsDouble()).isEqualTo(ours.get("score").getAsDouble()).isGreaterThan(100.0 / 11);
        assertThat(List.of(hear.get("n_train").getAsInt(), hear.get("n_test").getAsInt())).containsExactly(99, 66);
        assertThat(List.of(ours.get("n_train").getAsInt(), ours.get("n_test").getAsInt())).containsExactly(99, 66);
        assertThat(hear.get("domain").isJsonNull()).isTrue();
        assertThat(hear.get("variant").getAsString()).isEqualTo("default-full");
        // never counted in the HARES score: the partial mean is the one HARES task's score
        assertThat(results.getAsJsonObject("hares").get("partial_mean").getAsDouble()).isEqualTo(ours.get("score").getAsDouble());
        assertThat(cli.out()).contains("HARES: partial run, mean over 1 task(s)")
                .contains("hear:nsynth_instrument:default-full accuracy").contains("(HEAR task, not in the HARES score)");
        assertThat(Files.readString(tmp.resolve("out/results.md"))).contains("HEAR tasks (not part of HARES")
                .contains("| hear:nsynth_instrument:default-full | accuracy |");

        // and the embeddings themselves are bit-identical, clip by clip in the same order, labels alike
        for (String task : List.of("nsynth_instrument=" + nsynth, "hear:" + folder)) {
            assertThat(cli.run("embed", "--model", "logmel-stats", "--format", "hear", "--task", task, "--out",
                    tmp.resolve("emb").resolve(task.substring(0, 4)).toString(), "--cache", tmp.resolve("cache").toString()))
                    .as(cli.err()).isZero();
        }
        for (String file : List.of("train.embeddings.npy", "valid.embeddings.npy", "test.embeddings.npy", "test.target-labels.pkl",
                "test.json", "labelvocabulary.csv")) {
            assertThat(Files.mismatch(tmp.resolve("emb/nsyn/nsynth_instrument-default-full").resolve(file),
                    tmp.resolve("emb/hear/nsynth_instrument-default-full").resolve(file))).as(file).isEqualTo(-1L);
        }
    }

    @ParameterizedTest
    @MethodSource("org.hares.data.hares.HaresTasks#ids")
    void everyHaresTaskExportsToAHearTaskWithTheSameClipsLabelsAndSplits(String id) throws IOException {
        Path root = HaresFixtures.write(id, tmp.resolve("data"), 0.5);
        assertThat(cli.run("export", "hear", "--task", id + "=" + root, "--out", tmp.resolve("tasks").toString()))
                .as(cli.err()).isZero();
        Task original = HaresTasks.load(DatasetSelection.parse(id + "=" + root));
        Task back = HearTasks.load(DatasetSelection.hear(Path.of(cli.out().trim())));
        assertThat(back.spec().multiLabel()).isEqualTo(original.spec().multiLabel());
        assertThat(back.spec().metric()).isEqualTo(original.spec().metric());
        assertThat(back.folds()).isEqualTo(original.folds());
        HearLayout layout = HearLayout.of(original);
        assertThat(rows(back, HearLayout.of(back))).isEqualTo(rows(original, layout));
        assertThat(back.clips()).hasSameSizeAs(original.clips());
    }

    /** split, fold, file name and label names of every clip, in a stable order. */
    private static Set<String> rows(Task task, HearLayout layout) {
        return task.clips().stream().map(c -> c.split() + " " + c.fold() + " " + layout.fileName(c) + " " + layout.labelsOf(c))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aMultilabelHearTaskIsScoredByMapAndThePaperProtocolTrainsItsLinearHead() throws IOException {
        Path root = HaresFixtures.write("magnatagatune", tmp.resolve("mtt"), 0.5);
        assertThat(cli.run("export", "hear", "--task", "magnatagatune=" + root, "--out", tmp.resolve("tasks").toString())).isZero();
        Path folder = Path.of(cli.out().trim());
        JsonObject meta = json(folder.resolve("task_metadata.json"));
        assertThat(meta.get("prediction_type").getAsString()).isEqualTo("multilabel");
        assertThat(meta.getAsJsonArray("evaluation").toString()).isEqualTo("[\"mAP\",\"d_prime\",\"aucroc\"]");
        assertThat(cli.run("eval", "--model", "logmel-stats", "--protocol", "paper", "--steps", "20", "--task", "hear:" + folder,
                "--cache", tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString(), "--threads", "1"))
                .as(cli.err()).isZero();
        JsonObject task = json(tmp.resolve("out/results.json")).getAsJsonObject("tasks").getAsJsonObject("hear:magnatagatune");
        assertThat(task.get("metric").getAsString()).isEqualTo("mAP");
        assertThat(task.has("roc_auc")).isTrue();
        assertThat(task.getAsJsonObject("provenance").get("head").getAsString()).isEqualTo("linear, sigmoid");
        assertThat(task.getAsJsonObject("provenance").get("schedule").getAsString()).startsWith("Adam, 20 steps, batch 64");
    }

    /** split → file name → label names. */
    private static Map<String, Map<String, List<String>>> summary(Task task, java.util.function.Function<Clip, String> name) {
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        for (Clip c : task.clips()) {
            out.computeIfAbsent(c.split().id(), k -> new TreeMap<>())
                    .put(name.apply(c), List.of(task.spec().classes().classes().get(((Labels.Single) c.labels()).index())));
        }
        return out;
    }

    @Test
    void aTaskWithFoldsBecomesAKFoldHearTaskEvaluatedWithHearsRotation() throws IOException, InterruptedException {
        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        assertThat(cli.run("export", "hear", "--task", "esc50=" + esc, "--out", tmp.resolve("tasks").toString())).as(cli.err()).isZero();
        Path folder = tmp.resolve("tasks/esc50-default-full");
        JsonObject meta = json(folder.resolve("task_metadata.json"));
        assertThat(meta.get("split_mode").getAsString()).isEqualTo("presplit_kfold");
        assertThat(meta.get("nfolds").getAsInt()).isEqualTo(5);
        assertThat(meta.getAsJsonArray("splits").toString()).isEqualTo("[\"fold00\",\"fold01\",\"fold02\",\"fold03\",\"fold04\"]");
        try (Stream<Path> s = Files.list(folder.resolve("16000/fold00"))) {
            assertThat(s.count()).isPositive();
        }

        assertThat(cli.run("check", "--task", "hear:" + folder, "--no-classes")).as(cli.out()).isZero();
        assertThat(cli.out()).contains("folds: 5").contains("  OK");

        assertThat(cli.run("eval", "--model", "logmel-stats", "--protocol", "fast", "--task", "hear:" + folder, "--task", "esc50=" + esc, "--cache",
                tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString(), "--threads", "1")).as(cli.err()).isZero();
        JsonObject results = json(tmp.resolve("out/results.json"));
        JsonObject task = results.getAsJsonObject("tasks").getAsJsonObject("hear:esc50");
        assertThat(task.getAsJsonObject("fold_scores").keySet()).containsExactly("1", "2", "3", "4", "5");
        // each fold's C is chosen on the next fold, as hear-eval-kit does, not on a holdout of train
        assertThat(task.get("fast_validation").getAsString()).isEqualTo("validation split");
        assertThat(task.getAsJsonObject("provenance").get("folds").getAsString()).startsWith("HEAR's rotation");
        JsonObject esc50 = results.getAsJsonObject("tasks").getAsJsonObject("esc50");
        assertThat(esc50.get("fast_validation").getAsString()).isEqualTo("seeded 10% of train");
        // the HEAR copy is never counted: the HARES partial mean is ESC-50's own score
        assertThat(results.getAsJsonObject("hares").get("partial_mean").getAsDouble()).isEqualTo(esc50.get("score").getAsDouble());
        assertThat(results.getAsJsonObject("hares").getAsJsonArray("missing")).hasSize(11);

        assertThat(cli.run("embed", "--model", "logmel-stats", "--format", "hear", "--task", "hear:" + folder, "--out",
                tmp.resolve("emb").toString(), "--cache", tmp.resolve("cache").toString())).as(cli.err()).isZero();
        JsonObject embedded = python("check_hear_embeddings.py", tmp.resolve("emb/esc50-default-full"));
        assertThat(embedded.getAsJsonObject("splits").keySet()).containsExactly("fold00", "fold01", "fold02", "fold03", "fold04");
    }

    @Test
    void npzExportLoadsInNumpyWithTheDocumentedKeys() throws IOException, InterruptedException {
        Path nsynth = NSynthFixture.write(tmp.resolve("nsynth"));
        assertThat(cli.run("embed", "--model", "logmel-stats", "--task", "nsynth_instrument=" + nsynth, "--out",
                tmp.resolve("emb").toString(), "--cache", tmp.resolve("cache").toString())).as(cli.err()).isZero();
        Path folder = tmp.resolve("emb/nsynth_instrument-default");
        assertThat(cli.out().trim()).isEqualTo(folder.toString());
        JsonObject summary = python("check_npz.py", folder);
        assertThat(summary.keySet()).containsExactlyInAnyOrder("train", "valid", "test");
        Map<String, Integer> expected = NSynthFixture.NOTES.stream().collect(Collectors.toMap(n -> (String) n[1], n -> (Integer) n[3]));
        for (String split : summary.keySet()) {
            JsonObject s = summary.getAsJsonObject(split);
            assertThat(s.get("dim").getAsInt()).isEqualTo(256);
            s.getAsJsonObject("y").entrySet().forEach(e -> assertThat(e.getValue().getAsInt()).as(e.getKey())
                    .isEqualTo(expected.get(e.getKey())));
        }
        assertThat(summary.getAsJsonObject("train").get("rows").getAsInt()).isEqualTo(3);
        assertThat(summary.getAsJsonObject("test").getAsJsonArray("files").toString())
                .isEqualTo("[\"nsynth-test/audio/brass_acoustic_046-000-050.wav\",\"nsynth-test/audio/guitar_electronic_022-108-025.wav\"]");
    }

    @Test
    void hearEmbeddingLayoutReadsAsHearEvalKitReadsIt() throws IOException, InterruptedException {
        Path nsynth = NSynthFixture.write(tmp.resolve("nsynth"));
        assertThat(cli.run("embed", "--model", "logmel-stats", "--format", "hear", "--task", "nsynth_instrument=" + nsynth,
                "--out", tmp.resolve("emb").toString(), "--cache", tmp.resolve("cache").toString())).as(cli.err()).isZero();
        JsonObject summary = python("check_hear_embeddings.py", tmp.resolve("emb/nsynth_instrument-default-full"));
        assertThat(summary.get("task_name").getAsString()).isEqualTo("nsynth_instrument");
        JsonObject splits = summary.getAsJsonObject("splits");
        assertThat(splits.keySet()).containsExactly("train", "valid", "test");
        assertThat(splits.getAsJsonObject("train").get("n").getAsInt()).isEqualTo(3);
        assertThat(splits.getAsJsonObject("train").get("dim").getAsInt()).isEqualTo(256);
        assertThat(splits.getAsJsonObject("train").get("protocol").getAsInt()).isBetween(2, 4);
        assertThat(splits.getAsJsonObject("test").getAsJsonObject("labels").toString())
                .isEqualTo("{\"guitar_electronic_022-108-025.wav\":[\"guitar\"],\"brass_acoustic_046-000-050.wav\":[\"brass\"]}");
    }

    @Test
    void badHearFoldersAreOneLineErrorsNamingTheFile() throws IOException {
        Path nsynth = NSynthFixture.write(tmp.resolve("nsynth"));
        assertThat(cli.run("export", "hear", "--task", "nsynth_instrument=" + nsynth, "--out", tmp.toString())).isZero();
        Path folder = tmp.resolve("nsynth_instrument-default-full");
        String[] eval = {"eval", "--model", "logmel-stats", "--protocol", "fast", "--task", "hear:" + folder, "--cache",
            tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString()};

        Path train = folder.resolve("train.json");
        String good = Files.readString(train);
        Files.writeString(train, good.replace("\"vocal\"", "\"kazoo\""));
        assertOneLineError(cli.run(eval), train + ": file 'vocal_synthetic_003-127-075.wav': label 'kazoo' is not in labelvocabulary.csv");
        Files.writeString(train, good);

        Path wav = folder.resolve("16000/test/brass_acoustic_046-000-050.wav");
        Files.move(wav, tmp.resolve("moved.wav"));
        assertOneLineError(cli.run(eval), wav + ": listed in " + folder.resolve("test.json") + " but absent");
        assertThat(cli.run("check", "--task", "hear:" + folder)).isEqualTo(3);
        assertThat(cli.out()).contains(wav + "   listed in " + folder.resolve("test.json")).contains("FAIL");
        Files.move(tmp.resolve("moved.wav"), wav);

        Path meta = folder.resolve("task_metadata.json");
        Files.writeString(meta, Files.readString(meta).replace("\"scene\"", "\"event\""));
        assertOneLineError(cli.run(eval), meta + ": embedding_type 'event' (a timestamp task) is not supported yet");
        Files.writeString(meta, "{\"task_name\": ");
        assertOneLineError(cli.run(eval), meta + ": malformed JSON");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    private void assertOneLineError(int code, String start) {
        assertThat(code).as(cli.err()).isEqualTo(3);
        List<String> lines = cli.err().lines().filter(l -> l.startsWith("hares:") || l.startsWith("\tat ")).toList();
        assertThat(lines).singleElement().satisfies(l -> assertThat(l).startsWith("hares: error: " + start));
        cli.clear();
    }

    @Test
    void aFailedExportOrTaskEmbeddingLeavesNothingInOut() throws IOException {
        Path nsynth = NSynthFixture.write(tmp.resolve("nsynth"));
        Path broken = nsynth.resolve("nsynth-test/audio/brass_acoustic_046-000-050.wav");
        Files.write(broken, "not audio at all".getBytes(StandardCharsets.US_ASCII));
        Path out = tmp.resolve("out");
        assertThat(cli.run("export", "hear", "--task", "nsynth_instrument=" + nsynth, "--out", out.toString())).isEqualTo(3);
        assertThat(cli.err()).contains(broken.toString());
        assertThat(entries(out)).isEmpty();
        assertThat(cli.run("embed", "--model", "logmel-stats", "--task", "nsynth_instrument=" + nsynth, "--out", out.toString(),
                "--cache", tmp.resolve("cache").toString())).isEqualTo(3);
        assertThat(entries(out)).isEmpty();
    }

    @Test
    void taskEmbeddingRefusesFileOptionsAndNeedsOut() {
        assertThat(cli.run("embed", "--model", "logmel-stats", "--task", "esc50=" + tmp, "--window", "1")).isEqualTo(2);
        assertThat(cli.err()).contains("with --task or --config: give --out DIR and no INPUT, --window or --hop");
        assertThat(cli.run("embed", "--model", "logmel-stats")).isEqualTo(2);
        assertThat(cli.err()).contains("nothing to embed");
    }

    private static Set<String> entries(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** Runs a check script of src/test/resources/hear with Debian's numpy; returns the JSON it prints. */
    private JsonObject python(String script, Path folder) throws IOException, InterruptedException {
        Path file;
        try {
            file = Path.of(HearInteropTest.class.getResource("/hear/" + script).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process p = new ProcessBuilder("/usr/bin/python3", file.toString(), folder.toString())
                .redirectError(tmp.resolve(script + ".err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(Files.readString(tmp.resolve(script + ".err"))).isZero();
        return JsonParser.parseString(out).getAsJsonObject();
    }
}
