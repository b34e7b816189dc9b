package org.hares.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hares.data.Clip;
import org.hares.data.DatasetSelection;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.hares.HaresTasks;
import org.hares.embed.AudioWindower;
import org.hares.embed.EmbeddingCache;
import org.hares.embed.EmbeddingExtractor;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.embed.ModelInput;
import org.hares.embed.OnnxFixtures;
import org.hares.embed.StageTimes;
import org.hares.eval.DemoSuite;
import org.hares.eval.EvalConfig;
import org.hares.eval.EvalProtocol;
import org.hares.eval.Evaluator;
import org.hares.eval.report.EvalResults;
import org.hares.eval.report.TaskResult;
import org.hares.frontend.FrontendConfig;
import org.hares.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on a subset of the demo suite (ESC-50 with its folds; NSynth pitch with training
 * crops, valid and test) on {@code local[2]}, against the single-machine extraction and evaluation.
 */
class SparkJobTest {

    static final String MODEL = "slowfast-test";
    static final int LIMIT = 4;
    static final long CROP_SEED = 7;

    @TempDir
    static Path tmp;
    static Path suite;
    static Path out;
    static SparkRun embed;

    @BeforeAll
    static void embedOnce() {
        suite = DemoSuite.locate();
        out = tmp.resolve("run");
        embed = SparkRun.of(embedArgs(out, taskArgs(suite)));
        assertThat(embed.code()).as(embed.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        SparkSession.active().stop();
    }

    static List<String> taskArgs(Path root) {
        return List.of("--task", "esc50=" + root.resolve("ESC-50-master"), "--task", "nsynth_pitch=" + root.resolve("nsynth"));
    }

    static String[] embedArgs(Path outDir, List<String> tasks, String... extra) {
        return embedArgs(outDir, tasks, 5, extra);
    }

    static String[] embedArgs(Path outDir, List<String> tasks, int clipsPerPartition, String... extra) {
        List<String> args = new ArrayList<>(List.of("embed", "--master", "local[2]", "--model", MODEL, "--limit", "" + LIMIT,
                "--head-seed", "" + CROP_SEED, "--clips-per-partition", "" + clipsPerPartition, "--batch-size", "8",
                "--out", outDir.toString()));
        args.addAll(tasks);
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    static List<DatasetSelection> selections(Path root) {
        return List.of(DatasetSelection.parse("esc50=" + root.resolve("ESC-50-master")),
                DatasetSelection.parse("nsynth_pitch=" + root.resolve("nsynth")));
    }

    static Dataset<Row> table(Path run, String name) {
        return SparkSession.active().read().parquet(run.resolve(name).toString());
    }

    @Test
    void parquetEmbeddingsEqualTheSingleMachineOnes() {
        try (EmbeddingModel model = EmbeddingModels.open(MODEL, Optional.empty(), 0, Device.cpu(), FrontendConfig.DEFAULT,
                EmbeddingModels.ExternalModelOptions.DEFAULT)) {
            assertEqualsSingleMachine(out, model, selections(suite));
        }
    }

    /**
     * A waveform TorchScript model at 8 kHz: {@code --model-input} and {@code --model-sample-rate} reach the executors
     * (without them the module would be fed log-mel at 16 kHz and fail its probe), and the Parquet embeddings equal the
     * single-machine extraction with the same settings.
     */
    @Test
    void aWaveformModelsInputOptionsReachTheExecutors() throws IOException {
        Path models = Files.createDirectories(tmp.resolve("models"));
        String name = "torchscript:" + OnnxFixtures.copy("wave_twin.pt", models);
        Path run = tmp.resolve("waveform-run");
        List<String> args = new ArrayList<>(List.of(embedArgs(run, List.of("--task", "nsynth_pitch=" + suite.resolve("nsynth")),
                "--model-input", "waveform", "--model-sample-rate", "8000")));
        args.set(args.indexOf(MODEL), name);
        SparkRun r = SparkRun.of(args.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        JsonObject model = JsonParser.parseString(Files.readString(run.resolve(JobInfo.FILE))).getAsJsonObject().getAsJsonObject("model");
        assertThat(model.get("input").getAsString()).isEqualTo("waveform");
        assertThat(model.get("sample_rate").getAsInt()).isEqualTo(8000);
        try (EmbeddingModel single = EmbeddingModels.open(name, Optional.empty(), 0, Device.cpu(), FrontendConfig.DEFAULT,
                new EmbeddingModels.ExternalModelOptions(Optional.of(ModelInput.WAVEFORM), OptionalInt.of(8000), 1.0))) {
            assertEqualsSingleMachine(run, single, List.of(DatasetSelection.parse("nsynth_pitch=" + suite.resolve("nsynth"))));
        }
    }

    @Test
    void modelOptionsThatDoNotApplyAreRefusedBeforeSparkStarts() {
        SparkRun gpu = SparkRun.of(embedArgs(tmp.resolve("gpu"), taskArgs(suite), "--device", "gpu"));
        assertThat(gpu.code()).isEqualTo(2);
        assertThat(gpu.err()).contains("--device gpu: hares spark embed runs the model on the executors' CPUs");
        SparkRun input = SparkRun.of(embedArgs(tmp.resolve("input"), taskArgs(suite), "--model-input", "waveform"));
        assertThat(input.code()).isEqualTo(2);
        assertThat(input.err()).contains("--model-input and --model-sample-rate apply to torchscript:FILE and onnx:FILE models, "
                + "not to " + MODEL);
    }

    /** Every embedding row of {@code run} equals the evaluator's extraction of the same clips with {@code model}, within 1e-5. */
    static void assertEqualsSingleMachine(Path run, EmbeddingModel model, List<DatasetSelection> selections) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : table(run, "embeddings").collectAsList()) {
            rows.put(r.getAs("task") + "/" + r.getAs("role") + "/" + r.getAs("clip") + "/" + r.getAs("window"), r);
        }
        int compared = 0;
        for (DatasetSelection s : selections) {
            Task task = HaresTasks.load(s);
            boolean folded = task.folds() > 0;
            for (AudioWindower.Role role : AudioWindower.Role.values()) {
                List<Clip> clips = new ArrayList<>();
                if (folded && role == AudioWindower.Role.EVAL) {
                    clips.addAll(EmbedPlan.limit(task.clips(), OptionalInt.of(LIMIT)));
                } else if (!folded && role == AudioWindower.Role.EVAL) {
                    clips.addAll(EmbedPlan.limit(task.clips(Split.VALID), OptionalInt.of(LIMIT)));
                    clips.addAll(EmbedPlan.limit(task.clips(Split.TEST), OptionalInt.of(LIMIT)));
                } else if (!folded) {
                    clips.addAll(EmbedPlan.limit(task.clips(Split.TRAIN), OptionalInt.of(LIMIT)));
                }
                if (clips.isEmpty()) {
                    continue;
                }
                // the single-machine path: the evaluator's extractor and windowing, its cache in a fresh folder
                AudioWindower windower = new AudioWindower(task.spec(), role, model.sampleRate(), EvalConfig.DEFAULT_TRAIN_CROPS,
                        CROP_SEED);
                EmbeddingCache.Split cache = new EmbeddingCache(tmp.resolve("single-" + run.getFileName())).split(model.name(),
                        s.ref().id(), role.name(), Map.of(), task.root(), role.name());
                EmbeddingExtractor.Result single = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(8, 2, false, 1),
                        new StageTimes()).extract("single", clips, windower, cache, Progress.silent());
                for (int i = 0; i < single.clips().size(); i++) {
                    Clip clip = single.clips().get(i);
                    long[] starts = cache.read(clip, model.embeddingSize()).orElseThrow().starts();
                    float[] e = single.embeddings().get(i);
                    for (int w = 0; w < single.windows().get(i); w++) {
                        Row r = rows.get(s.ref().id() + "/" + PartitionPlan.roleName(role) + "/" + clip.id() + "/" + w);
                        assertThat(r).as("%s %s window %d", s.ref(), clip.id(), w).isNotNull();
                        assertThat((long) r.getAs("window_start")).isEqualTo(starts[w]);
                        List<Object> values = r.getList(r.fieldIndex("embedding"));
                        assertThat(values).hasSize(model.embeddingSize());
                        for (int k = 0; k < values.size(); k++) {
                            assertThat((double) (Float) values.get(k)).isCloseTo(e[w * model.embeddingSize() + k], within(1e-5));
                        }
                        assertThat((String) r.getAs("model")).isEqualTo(model.fingerprint());
                        compared++;
                    }
                }
                if (role == AudioWindower.Role.TRAIN_CROPS) {
                    // the seeded crop pool: 4-second notes, 1-second crops, several crops at different places
                    assertThat(single.windows()).allMatch(n -> n == EvalConfig.DEFAULT_TRAIN_CROPS);
                }
            }
        }
        assertThat(compared).isEqualTo(rows.size());
    }

    @Test
    void sparkEvalGivesTheSingleMachineScores() throws IOException {
        Path report = tmp.resolve("spark-report");
        SparkRun eval = SparkRun.of("eval", "--embeddings", out.toString(), "--protocol", "fast", "--out", report.toString());
        assertThat(eval.code()).as(eval.toString()).isZero();
        for (String f : List.of("results.json", "results.md", "report.html")) {
            assertThat(report.resolve(f)).isRegularFile();
        }
        EvalConfig config = EvalConfig.defaults().withCache(tmp.resolve("single-cache")).withProtocol(EvalProtocol.FAST)
                .withExtraction(8, 2, OptionalInt.of(LIMIT), false, EvalConfig.DEFAULT_TRAIN_CROPS).withSeeds(1, CROP_SEED);
        EvalResults single;
        try (EmbeddingModel model = EmbeddingModels.open(MODEL, Optional.empty(), 0, Device.cpu(), FrontendConfig.DEFAULT,
                EmbeddingModels.ExternalModelOptions.DEFAULT)) {
            single = new Evaluator(config, null).evaluate(model, selections(suite));
        }
        assertThat(single.tasks()).hasSize(2);
        for (TaskResult t : single.tasks()) {
            JsonObject task = taskIn(report, t.id());
            assertThat(task.get("score").getAsDouble()).as(t.id()).isEqualTo(t.score());
            assertThat(task.get("n_train").getAsInt()).isEqualTo(t.nTrain());
            assertThat(task.get("n_test").getAsInt()).isEqualTo(t.nTest());
            assertThat(t.badFiles()).isEmpty();
        }
    }

    @Test
    void aRerunSkipsCommittedPartitionsAndChangesNothing() {
        List<Row> before = sorted(table(out, "embeddings"));
        SparkRun again = SparkRun.of(embedArgs(out, taskArgs(suite)));
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.err()).containsPattern("\\d+ partitions; (\\d+) already committed, 0 to embed");
        assertSameTable(sorted(table(out, "embeddings")), before);
    }

    @Test
    void anotherRunsOutputIsRefused() {
        SparkRun other = SparkRun.of(embedArgs(out, taskArgs(suite), "--train-crops", "3"));
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("holds another run's embeddings");
    }

    @Test
    void evalOfAnUnfinishedRunIsRefused() throws IOException {
        Path copy = tmp.resolve("unfinished");
        copyTree(out, copy);
        try (Stream<Path> markers = Files.list(copy.resolve(EmbeddingTable.COMMITTED))) {
            Files.delete(markers.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().findFirst().orElseThrow());
        }
        SparkRun eval = SparkRun.of("eval", "--embeddings", copy.toString(), "--out", tmp.resolve("r").toString());
        assertThat(eval.code()).as(eval.toString()).isEqualTo(3);
        assertThat(eval.err()).contains("1 of").contains("partitions not committed");
    }

    @Test
    void aCorruptFileFailsOnlyItsOwnClip() throws IOException {
        Path data = tmp.resolve("corrupt-suite");
        copyTree(suite.resolve("nsynth"), data.resolve("nsynth"));
        Task task = HaresTasks.load(DatasetSelection.parse("nsynth_pitch=" + data.resolve("nsynth")));
        Clip victim = task.clips(Split.TEST).get(1);
        Files.write(victim.file(), "this is not audio at all".repeat(40).getBytes(StandardCharsets.US_ASCII));
        Path run = tmp.resolve("corrupt-run");
        SparkRun r = SparkRun.of(embedArgs(run, List.of("--task", "nsynth_pitch=" + data.resolve("nsynth"))));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("1 clip(s) failed").contains(victim.id());

        List<Row> errors = table(run, "errors").collectAsList();
        assertThat(errors).hasSize(1);
        Row e = errors.get(0);
        assertThat((String) e.getAs("task")).isEqualTo("nsynth_pitch");
        assertThat((String) e.getAs("clip")).isEqualTo(victim.id());
        assertThat((String) e.getAs("file")).isEqualTo(victim.file().toAbsolutePath().toString());
        assertThat((String) e.getAs("message")).startsWith(victim.file().toAbsolutePath().toString());
        assertThat(table(run, "embeddings").where("clip = '" + victim.id() + "'").count()).isZero();
        assertThat(table(run, "embeddings").where("role = 'eval' and window = 0").count()).isEqualTo(2L * LIMIT - 1);

        // the report lists it as the single-machine evaluation does with --skip-bad-audio
        Path report = tmp.resolve("corrupt-report");
        SparkRun eval = SparkRun.of("eval", "--embeddings", run.toString(), "--protocol", "fast", "--out", report.toString());
        assertThat(eval.code()).as(eval.toString()).isZero();
        EvalConfig config = EvalConfig.defaults().withCache(tmp.resolve("corrupt-cache")).withProtocol(EvalProtocol.FAST)
                .withExtraction(8, 2, OptionalInt.of(LIMIT), true, EvalConfig.DEFAULT_TRAIN_CROPS).withSeeds(1, CROP_SEED);
        EvalResults single;
        try (EmbeddingModel model = EmbeddingModels.open(MODEL, Optional.empty(), 0, Device.cpu(), FrontendConfig.DEFAULT,
                EmbeddingModels.ExternalModelOptions.DEFAULT)) {
            single = new Evaluator(config, null).evaluate(model,
                    List.of(DatasetSelection.parse("nsynth_pitch=" + data.resolve("nsynth"))));
        }
        List<String> bad = single.tasks().get(0).badFiles();
        assertThat(bad).hasSize(1);
        JsonObject reported = taskIn(report, "nsynth_pitch");
        assertThat(reported.getAsJsonArray("bad_files")).containsExactly(new JsonPrimitive(bad.get(0)));
        assertThat(reported.get("score").getAsDouble()).isEqualTo(single.tasks().get(0).score());
    }

    @Test
    void aRunKilledMidwayAndRerunGivesTheCleanRunsTables() throws Exception {
        Path run = tmp.resolve("killed");
        List<String> nsynth = List.of("--task", "nsynth_pitch=" + suite.resolve("nsynth"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx1g", "-Dai.djl.offline=true",
                "-Dlog4j2.configurationFile=hares-spark-log4j2.properties", SparkMain.class.getName()));
        command.addAll(List.of(embedArgs(run, nsynth, 2)));
        command.set(command.indexOf("local[2]"), "local[1]");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path markers = run.resolve(EmbeddingTable.COMMITTED);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (countFiles(markers) < 2 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        child.destroyForcibly().waitFor();
        int done = countFiles(markers);
        assertThat(done).as(Files.readString(tmp.resolve("child.log"))).isGreaterThanOrEqualTo(2);

        SparkRun resumed = SparkRun.of(embedArgs(run, nsynth, 2));
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).containsPattern("(\\d+) partitions; " + done + " already committed");

        Path clean = tmp.resolve("clean");
        SparkRun fresh = SparkRun.of(embedArgs(clean, nsynth, 2));
        assertThat(fresh.code()).as(fresh.toString()).isZero();
        assertSameTable(sorted(table(run, "embeddings")), sorted(table(clean, "embeddings")));
        assertThat(table(run, "errors").count()).isZero();
    }

    /**
     * Same rows, every column equal except the embeddings, which agree within 1e-5: the extractor batches the
     * windows that are ready, so batch sizes (and libtorch's rounding) vary between runs.
     */
    static void assertSameTable(List<Row> actual, List<Row> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < actual.size(); i++) {
            Row a = actual.get(i);
            Row e = expected.get(i);
            int embedding = a.fieldIndex("embedding");
            for (int c = 0; c < a.size(); c++) {
                if (c != embedding) {
                    assertThat(a.get(c)).as("row %d column %s", i, a.schema().fieldNames()[c]).isEqualTo(e.get(c));
                }
            }
            List<Object> x = a.getList(embedding);
            List<Object> y = e.getList(embedding);
            assertThat(x).hasSameSizeAs(y);
            for (int k = 0; k < x.size(); k++) {
                worst = Math.max(worst, Math.abs((Float) x.get(k) - (Float) y.get(k)));
            }
        }
        assertThat(worst).as("largest embedding difference").isLessThanOrEqualTo(1e-5);
    }

    static List<Row> sorted(Dataset<Row> t) {
        return t.orderBy("task", "variant", "role", "clip_index", "window").collectAsList();
    }

    /** A task's entry in results.json. */
    static JsonObject taskIn(Path report, String id) throws IOException {
        return JsonParser.parseString(Files.readString(report.resolve("results.json"))).getAsJsonObject()
                .getAsJsonObject("tasks").getAsJsonObject(id);
    }

    static int countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> !p.getFileName().toString().startsWith("_") && !p.getFileName().toString().startsWith(".")).count();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
