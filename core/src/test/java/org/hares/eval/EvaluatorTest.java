package org.hares.eval;

import org.hares.embed.EmbeddingModel;
import org.hares.embed.LogMelStatsModel;
import org.hares.io.Npz;
import org.hares.testing.ExtractionThreads;
import org.hares.eval.InsufficientMemoryException;
import org.hares.eval.report.EvalReports;
import org.hares.eval.report.EvalResults;
import org.hares.eval.report.TaskResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.hares.data.HeadType;
import org.hares.data.Split;
import org.hares.frontend.FrontendConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End to end on synthetic tone tasks whose answer is known (every head must reach 100 %). */
class EvaluatorTest {

    @TempDir
    Path tmp;

    private EvalConfig config(EvalProtocol protocol) {
        return EvalConfig.defaults().withProtocol(protocol).withCache(tmp.resolve("cache"))
                .withExtraction(8, 2, OptionalInt.empty(), false, 3)
                .withSchedule(OptionalInt.of(300), OptionalInt.of(16));
    }

    @Test
    void fastAndPaperProtocolsSeparateTheTonesAndWriteTheResultsFiles() throws IOException {
        ToneTasks.ToneTask single = ToneTasks.singleLabel(tmp.resolve("single"), "tones", HeadType.SOFTMAX, 6, 3);
        ToneTasks.ToneTask multi = ToneTasks.multiLabel(tmp.resolve("multi"), "tone_tags");
        ToneTasks.ToneTask folded = ToneTasks.folded(tmp.resolve("folded"), "tone_folds", HeadType.SVM);
        List<TaskSource> sources = List.of(source(single), source(multi), source(folded));
        var suite = ToneTasks.suite("tones", "tone_tags", "tone_folds", "absent");
        try (LogMelStatsModel model = new LogMelStatsModel(FrontendConfig.DEFAULT)) {
            for (EvalProtocol protocol : EvalProtocol.values()) {
                // the paper protocol's multi-label head is covered by PaperHeadTrainerTest; here it would only add minutes
                List<TaskSource> run = protocol == EvalProtocol.PAPER
                        ? sources.stream().filter(s -> !s.ref().id().equals("tone_tags")).toList() : sources;
                EvalResults r = new Evaluator(config(protocol), null).evaluateSources(model, run, suite);
                assertThat(r.tasks()).extracting(TaskResult::id).containsExactlyElementsOf(
                        run.stream().map(x -> x.ref().id()).filter(id -> !id.equals("absent")).toList());
                for (TaskResult t : r.tasks()) {
                    if (t.id().equals("tone_tags")) {
                        // 24 training clips (300 steps at 2e-4 for the paper's head) rank all but at most one tag pair right;
                        // the argmax tasks are exact
                        assertThat(t.score()).as("%s %s", protocol, t.id()).isGreaterThan(90.0);
                    } else {
                        assertThat(t.score()).as("%s %s", protocol, t.id()).isCloseTo(100.0, within(1e-9));
                    }
                }
                TaskResult tones = r.tasks().get(0);
                assertThat(tones.nTrain()).isEqualTo(18);
                assertThat(tones.nTest()).isEqualTo(9);
                assertThat(r.hares().score()).isNull();
                assertThat(r.hares().partial()).isTrue();
                assertThat(r.hares().missing()).contains("absent");
                assertThat(r.missing().get("absent")).isEqualTo("not selected");
                TaskResult folds = r.tasks().get(r.tasks().size() - 1);
                assertThat(folds.extra()).containsKey("fold_scores");
                if (protocol == EvalProtocol.PAPER) {
                    assertThat(folds.extra()).containsEntry("svm_c_chosen_on_fold", 1);
                    assertThat(tones.comparableWithPaper()).isFalse(); // steps and batch were overridden
                } else {
                    assertThat(tones.extra()).containsKey("fast_c");
                }

                Path out = tmp.resolve("out-" + protocol.id());
                EvalReports.write(r, out);
                JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
                JsonObject hares = json.getAsJsonObject("hares");
                assertThat(hares.get("score").isJsonNull()).isTrue();
                assertThat(hares.get("partial").getAsBoolean()).isTrue();
                assertThat(hares.get("partial_mean").getAsDouble()).isCloseTo(r.hares().partialMean(), within(1e-9));
                assertThat(hares.getAsJsonArray("missing").toString()).contains("absent");
                assertThat(hares.getAsJsonObject("domains").has("speech")).isTrue();
                assertThat(json.getAsJsonObject("provenance").get("created").getAsString()).matches("20\\d\\d-.*Z");
                JsonObject task = json.getAsJsonObject("tasks").getAsJsonObject("tones");
                assertThat(task.get("metric").getAsString()).isEqualTo("accuracy");
                assertThat(task.get("variant").getAsString()).isEqualTo("default");
                assertThat(task.get("n_test").getAsInt()).isEqualTo(9);
                assertThat(task.get("std").isJsonNull()).isTrue();
                assertThat(task.has("comparable_with_paper")).isTrue();
                assertThat(json.getAsJsonObject("model").get("fingerprint").getAsString()).startsWith("logmel-stats-v1:");
                assertThat(json.getAsJsonObject("provenance").get("train_crops_note").getAsString())
                        .contains("pool of 3 seeded random crops");
                assertThat(Files.readString(out.resolve("results.md"))).contains("| 37.8 | 26.1 | 37.8 |");
                assertThat(Files.readString(out.resolve("report.html"))).contains("data-task=\"tone_folds\"")
                        .contains("† Not comparable with the paper");
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalScoresAndSeveralSeedsGiveAStd() {
        ToneTasks.ToneTask single = ToneTasks.singleLabel(tmp.resolve("single"), "tones", HeadType.SOFTMAX, 3, 2);
        var suite = ToneTasks.suite("tones");
        EvalConfig cfg = config(EvalProtocol.PAPER).withSchedule(OptionalInt.of(20), OptionalInt.of(4)).withSeeds(3, 7);
        try (LogMelStatsModel model = new LogMelStatsModel(FrontendConfig.DEFAULT)) {
            TaskResult a = new Evaluator(cfg, null).evaluateSources(model, List.of(source(single)), suite).tasks().get(0);
            TaskResult b = new Evaluator(cfg, null).evaluateSources(model, List.of(source(single)), suite).tasks().get(0);
            assertThat(b.seedScores()).containsExactlyElementsOf(a.seedScores());
            assertThat(a.seedScores()).hasSize(3);
            assertThat(a.std()).isNotNull();
            double mean = a.seedScores().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(a.score()).isCloseTo(mean, within(1e-12));
        }
    }

    @Test
    void largeTasksGetFewerTrainingCropsAndOnesThatCannotFitAreRefusedBeforeAnyWork() {
        ToneTasks.ToneTask small = ToneTasks.singleLabel(tmp.resolve("small"), "tones", HeadType.SOFTMAX, 3, 2);
        ToneTasks.ToneTask large = ToneTasks.singleLabel(tmp.resolve("large"), "tone_large", HeadType.SOFTMAX, 6, 2);
        int smallClips = small.clips(Split.TRAIN).size();
        int largeClips = large.clips(Split.TRAIN).size();
        var suite = ToneTasks.suite("tones", "tone_large");
        try (LogMelStatsModel model = new LogMelStatsModel(FrontendConfig.DEFAULT)) {
            int dim = model.embeddingSize();
            EvalConfig cfg = config(EvalProtocol.FAST); // a pool of 3 crops per clip
            TaskResult t = new Evaluator(cfg, null, new TrainingMemory(2L * smallClips * dim))
                    .evaluateSources(model, List.of(source(small)), suite).tasks().get(0);
            assertThat(t.provenance()).containsEntry("train_crops_used", "2 per clip (of 3, to fit memory)");
            assertThat(t.score()).isCloseTo(100.0, within(1e-9));

            // clips no longer than a crop give one crop each (Speech Commands): the pool is not cut for them
            ToneTasks.ToneTask shortClips = ToneTasks.singleLabel(tmp.resolve("short"), "tones", HeadType.SOFTMAX, 3, 2, 1.0);
            TaskResult s1 = new Evaluator(cfg, null, new TrainingMemory((long) smallClips * dim))
                    .evaluateSources(model, List.of(source(shortClips)), suite).tasks().get(0);
            assertThat(s1.provenance()).doesNotContainKey("train_crops_used");
            assertThat(s1.score()).isCloseTo(100.0, within(1e-9));

            Path cache = tmp.resolve("refused-cache");
            Evaluator tight = new Evaluator(cfg.withCache(cache), null, new TrainingMemory((long) largeClips * dim - 1));
            assertThatThrownBy(() -> tight.evaluateSources(model, List.of(source(small), source(large)), suite))
                    .isInstanceOf(InsufficientMemoryException.class)
                    .hasMessageContaining("tone_large:default: " + largeClips + " training clips x " + dim + "-dimensional")
                    .hasMessageContaining("--limit N");
            assertThat(cache).as("the task that fits was not embedded first").doesNotExist();
        }
    }

    @Test
    void aTaskFolderThatDoesNotExistIsRefusedBeforeAnyWork() {
        ToneTasks.ToneTask single = ToneTasks.singleLabel(tmp.resolve("single"), "tones", HeadType.SOFTMAX, 3, 2);
        TaskSource absent = new TaskSource(new org.hares.data.TaskRef("absent", "default"), tmp.resolve("nowhere"), () -> {
            throw new AssertionError("a task without data is not loaded");
        });
        try (LogMelStatsModel model = new LogMelStatsModel(FrontendConfig.DEFAULT)) {
            assertThatThrownBy(() -> new Evaluator(config(EvalProtocol.FAST), null)
                    .evaluateSources(model, List.of(source(single), absent), ToneTasks.suite("tones", "absent")))
                    .isInstanceOf(org.hares.data.DatasetLayoutException.class)
                    .hasMessage(tmp.resolve("nowhere") + ": no such dataset folder for absent:default (expected an existing "
                            + "folder for every task given)")
                    .satisfies(e -> assertThat(((org.hares.HaresException) e).exitCode()).isEqualTo(3));
        }
        assertThat(tmp.resolve("cache")).as("nothing was embedded").doesNotExist();
    }

    @Test
    void emptyAndUnreadableAudioIsFoundBeforeAnyEmbeddingOrLeftOutWhenSkipped() throws IOException {
        ToneTasks.ToneTask single = ToneTasks.singleLabel(tmp.resolve("single"), "tones", HeadType.SOFTMAX, 3, 2);
        ToneTasks.ToneTask other = ToneTasks.singleLabel(tmp.resolve("other"), "tone_other", HeadType.SOFTMAX, 3, 2);
        Path empty = single.clips(Split.TEST).get(4).file();
        Files.write(empty, new byte[0]);
        Path unreadable = single.clips(Split.TRAIN).get(1).file();
        Files.delete(unreadable); // gone since the layout was read (permissions cannot be tested here: tests may run as root)
        var suite = ToneTasks.suite("tone_other", "tones");
        try (LogMelStatsModel model = new LogMelStatsModel(FrontendConfig.DEFAULT)) {
            // the bad task comes second: its files are checked before the first task is embedded
            assertThatThrownBy(() -> new Evaluator(config(EvalProtocol.FAST), null)
                    .evaluateSources(model, List.of(source(other), source(single)), suite))
                    .isInstanceOf(org.hares.embed.UndecodableClipsException.class)
                    .hasMessageContaining("2 clip(s) of tones:default")
                    .hasMessageContaining(unreadable + ": file not found")
                    .hasMessageContaining(empty + ": empty file (0 bytes)");
            assertThat(tmp.resolve("cache")).as("nothing was embedded").doesNotExist();

            EvalConfig skipping = EvalConfig.defaults().withProtocol(EvalProtocol.FAST).withCache(tmp.resolve("cache"))
                    .withExtraction(8, 2, OptionalInt.empty(), true, 3);
            TaskResult t = new Evaluator(skipping, null).evaluateSources(model, List.of(source(single)), suite).tasks().get(0);
            assertThat(t.badFiles()).containsExactly(unreadable + ": file not found", empty + ": empty file (0 bytes)");
            assertThat(t.nTrain()).isEqualTo(8);
            assertThat(t.nTest()).isEqualTo(5);
        }
    }

    @Test
    void aTaskFailingMidRunKeepsTheFinishedOnesAndRecordsWhy() throws IOException {
        ToneTasks.ToneTask broken = ToneTasks.singleLabel(tmp.resolve("broken"), "tone_broken", HeadType.SOFTMAX, 3, 2);
        ToneTasks.ToneTask good = ToneTasks.singleLabel(tmp.resolve("good"), "tones", HeadType.SOFTMAX, 3, 2);
        Path corrupt = broken.clips(Split.TEST).get(0).file();
        Files.writeString(corrupt, "RIFF, but not audio: fails only when decoded");
        var suite = ToneTasks.suite("tone_broken", "tones");
        try (LogMelStatsModel model = new LogMelStatsModel(FrontendConfig.DEFAULT)) {
            Evaluator evaluator = new Evaluator(config(EvalProtocol.FAST), null);
            EvalResults r = evaluator.evaluateSources(model, List.of(source(broken), source(good)), suite);
            assertThat(r.tasks()).extracting(TaskResult::id).containsExactly("tones");
            assertThat(r.tasks().get(0).score()).isCloseTo(100.0, within(1e-9));
            assertThat(r.missing().get("tone_broken")).startsWith("failed: 1 clip(s) of tone_broken:default test could not be "
                    + "decoded").contains(corrupt.toString());
            assertThat(evaluator.failures()).hasSize(1);
            TasksFailedException e = new TasksFailedException(evaluator.failures(), 1, tmp.resolve("results.json"));
            assertThat(e.exitCode()).isEqualTo(3);
            assertThat(e.getMessage()).startsWith("1 task(s) failed (1 finished, written to " + tmp.resolve("results.json")
                    + " with the failures under hares.missing_reasons): tone_broken:default: 1 clip(s)");
            Path out = tmp.resolve("out");
            EvalReports.write(r, out);
            JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
            assertThat(json.getAsJsonObject("tasks").keySet()).containsExactly("tones");
            assertThat(json.getAsJsonObject("hares").getAsJsonObject("missing_reasons").get("tone_broken").getAsString())
                    .startsWith("failed: ");
        }
    }

    @Test
    void aTorchScriptModuleThatOutputsNaNStopsTheRunInsteadOfBeingScored() {
        ToneTasks.ToneTask single = ToneTasks.singleLabel(tmp.resolve("single"), "tones", HeadType.SOFTMAX, 3, 2);
        ToneTasks.ToneTask later = ToneTasks.singleLabel(tmp.resolve("later"), "tone_later", HeadType.SOFTMAX, 3, 2);
        Path module = EvalFixtures.file("ts_nan.pt");
        try (org.hares.embed.TorchScriptModel model = new org.hares.embed.TorchScriptModel(module,
                org.hares.embed.ModelInput.LOGMEL, 16000, 1.0, FrontendConfig.DEFAULT, ai.djl.Device.cpu())) {
            Evaluator evaluator = new Evaluator(config(EvalProtocol.FAST), null);
            EvalResults r = evaluator.evaluateSources(model, List.of(source(single), source(later)),
                    ToneTasks.suite("tones", "tone_later"));
            assertThat(r.tasks()).isEmpty();
            // 3 training crops x 128 values, all NaN
            assertThat(r.missing().get("tones")).startsWith("failed: torchscript:" + module + " returned 384 NaN or infinite "
                    + "value(s) of 384 for clip 'train-").contains(") of tones:default train (expected finite embeddings");
            assertThat(new TasksFailedException(evaluator.failures(), 0, tmp.resolve("results.json")).exitCode()).isEqualTo(4);
            // the model is at fault, so the run stops there
            assertThat(r.missing().get("tone_later")).isEqualTo("not run: the run stopped when the model failed on tones:default");
            assertThat(evaluator.failures()).hasSize(1);
        }
    }

    /**
     * {@code logmel-stats} through a fixed seeded projection to 16 values (float sums, so batch-independent
     * arithmetic), any number of streams, all on this one instance; counts how often a stream is entered.
     */
    static final class Projected implements EmbeddingModel {
        final LogMelStatsModel inner = new LogMelStatsModel(FrontendConfig.DEFAULT);
        final java.util.concurrent.atomic.AtomicInteger streamCalls = new java.util.concurrent.atomic.AtomicInteger();
        final float[][] w = new float[16][inner.embeddingSize()];

        Projected() {
            java.util.Random random = new java.util.Random(3);
            for (float[] row : w) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = (float) random.nextGaussian();
                }
            }
        }

        public String name() {
            return "projected";
        }

        public int sampleRate() {
            return inner.sampleRate();
        }

        public int embeddingSize() {
            return w.length;
        }

        public String fingerprint() {
            return "projected-v1:" + inner.fingerprint();
        }

        public Map<String, String> provenance() {
            return Map.of("model", name());
        }

        public float[] prepare(float[] windowSamples) {
            return inner.prepare(windowSamples);
        }

        public List<float[]> embed(List<float[]> prepared) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<float[]> out = new java.util.ArrayList<>();
            for (float[] x : prepared) {
                float[] e = new float[w.length];
                for (int j = 0; j < w.length; j++) {
                    for (int k = 0; k < x.length; k++) {
                        e[j] += w[j][k] * x[k];
                    }
                }
                out.add(e);
            }
            return out;
        }

        public int maxStreams() {
            return Integer.MAX_VALUE;
        }

        public EmbeddingModel stream(int s, int n) {
            EmbeddingModel.super.stream(s, n);
            streamCalls.incrementAndGet();
            return this;
        }

        public void close() {}
    }

    @Test
    void aRunOpensItsStreamsOnceAndGivesTheEmbeddingsAndScoresOfOneStream() throws IOException, InterruptedException {
        List<TaskSource> sources = List.of(source(ToneTasks.singleLabel(tmp.resolve("single"), "tones", HeadType.SOFTMAX, 6, 3)),
                source(ToneTasks.multiLabel(tmp.resolve("multi"), "tone_tags")),
                source(ToneTasks.folded(tmp.resolve("folded"), "tone_folds", HeadType.SVM)));
        var suite = ToneTasks.suite("tones", "tone_tags", "tone_folds");
        Map<Integer, EvalResults> results = new java.util.HashMap<>();
        for (int streams : new int[] {1, 3}) {
            Projected model = new Projected();
            // batches of 4 windows: the 5 splits (18 to 27 clips, 1 to 3 windows each) take several batches each
            EvalConfig cfg = config(EvalProtocol.FAST).withCache(tmp.resolve("cache-" + streams)).withStreams(streams)
                    .withExtraction(4, 2, OptionalInt.empty(), false, 3);
            Set<Thread> before = ExtractionThreads.live();
            results.put(streams, new Evaluator(cfg, null).evaluateSources(model, sources, suite));
            assertThat(model.streamCalls).as("streams entered, and the caller given its threads back, once per run")
                    .hasValue(streams + 1);
            ExtractionThreads.assertNoneLeftSince(before);
            double busy = (Double) results.get(streams).provenance().get("model_busy_share");
            assertThat(busy).isStrictlyBetween(0.0, 1.0);
        }
        assertThat(results.get(3).tasks()).extracting(TaskResult::score)
                .containsExactlyElementsOf(results.get(1).tasks().stream().map(TaskResult::score).toList());
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(tmp.resolve("cache-1"))) {
            entries = walk.filter(f -> f.toString().endsWith(".npz")).toList();
        }
        assertThat(entries).hasSize(18 + 9 + 24 + 6 + 15);
        for (Path one : entries) {
            Path three = tmp.resolve("cache-3").resolve(tmp.resolve("cache-1").relativize(one));
            assertThat(Npz.read(three).get("embeddings").toFloats()).as("%s", three)
                    .containsExactly(Npz.read(one).get("embeddings").toFloats());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aBrokenTrainSplitFailsItsTaskAsOneSplitAtATimeWouldAndLeavesNoThreads(int streams) throws Exception {
        ToneTasks.ToneTask broken = ToneTasks.singleLabel(tmp.resolve("broken"), "tone_broken", HeadType.SOFTMAX, 3, 2);
        ToneTasks.ToneTask good = ToneTasks.singleLabel(tmp.resolve("good"), "tones", HeadType.SOFTMAX, 3, 2);
        Path badTrain = broken.clips(Split.TRAIN).get(1).file();
        Files.writeString(badTrain, "RIFF, but not audio: fails only when decoded");
        Files.writeString(broken.clips(Split.TEST).get(0).file(), "RIFF, but not audio either");
        Set<Thread> before = ExtractionThreads.live();
        try (LogMelStatsModel model = new LogMelStatsModel(FrontendConfig.DEFAULT)) {
            Evaluator evaluator = new Evaluator(config(EvalProtocol.FAST).withStreams(streams), null);
            EvalResults r = evaluator.evaluateSources(model, List.of(source(broken), source(good)),
                    ToneTasks.suite("tone_broken", "tones"));
            assertThat(r.tasks()).extracting(TaskResult::id).containsExactly("tones");
            assertThat(r.tasks().get(0).score()).isCloseTo(100.0, within(1e-9));
            assertThat(r.missing().get("tone_broken")).isEqualTo("failed: 1 clip(s) of tone_broken:default train could not be "
                    + "decoded (expected every clip to decode; pass --skip-bad-audio to skip them): " + badTrain
                    + ": not a readable audio file (Invalid data found when processing input)");
            assertThat(evaluator.failures()).singleElement()
                    .satisfies(f -> assertThat(f.error()).isInstanceOf(org.hares.embed.UndecodableClipsException.class));
        }
        // the train split's good clips are cached, its test split never started
        try (Stream<Path> walk = Files.walk(tmp.resolve("cache").resolve(LogMelStatsModel.NAME).resolve("tone_broken-default"))) {
            assertThat(walk.filter(f -> f.toString().endsWith(".npz")).map(f -> f.getParent().getFileName().toString()))
                    .hasSize(3 * 3 - 1).allSatisfy(dir -> assertThat(dir).startsWith("train-crops-"));
        }
        ExtractionThreads.assertNoneLeftSince(before);
    }

    private static TaskSource source(ToneTasks.ToneTask t) {
        return new TaskSource(t.spec().ref(), t.root(), () -> t);
    }
}
