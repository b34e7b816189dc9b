package org.hares.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hares.Progress;
import org.hares.audio.AudioDecodeException;
import org.hares.data.Clip;
import org.hares.testing.ExtractionThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Several splits on one run: the embeddings of one split at a time on one stream, one pool per run, failures as before. */
@Timeout(120)
class ExtractionRunTest {

    private static final int BATCH = 4;

    @TempDir
    Path tmp;

    /** The labels of the splits started (their progress report made). */
    private final Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Clip k has 1 + k % 3 windows, window j filled with k + j / 4 (its first sample 0); clips whose number is
     * a multiple of 4 have windows of 80 samples instead of 100, so that a split holds two window lengths and
     * clips spread over two batches. Ids holding "bad" fail to decode.
     */
    private static ClipWindower uneven() {
        return (clip, times) -> {
            if (clip.id().contains("bad")) {
                throw new AudioDecodeException(clip.file(), "invalid data found when processing input");
            }
            int k = Integer.parseInt(clip.id().replaceAll("\\D", ""));
            int length = k % 4 == 0 ? 80 : 100;
            List<float[]> windows = new ArrayList<>();
            long[] starts = new long[1 + k % 3];
            for (int j = 0; j < starts.length; j++) {
                float[] w = new float[length];
                Arrays.fill(w, k + j / 4f);
                w[0] = 0;
                windows.add(w);
                starts[j] = (long) j * length;
            }
            return new ClipWindower.Windows(starts, windows);
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void splitsRunBackToBackGiveWhatEachGivesAloneOnOneStreamAndOpenTheStreamsOnce(int streams) {
        int[] sizes = {13, 1, 7, 22};
        List<List<Clip>> splits = new ArrayList<>();
        List<EmbeddingExtractor.Result> alone = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            splits.add(FakeModels.clips(tmp.resolve("data"), sizes[i]));
            alone.add(new EmbeddingExtractor(new FakeModels.Stats(), new EmbeddingExtractor.Options(BATCH, 2, false, 1), new StageTimes())
                    .extract("t s" + i, splits.get(i), uneven(), cache("alone", i), Progress.silent()));
        }
        FakeModels.StreamingStats model = new FakeModels.StreamingStats();
        StageTimes times = new StageTimes();
        List<EmbeddingExtractor.Result> together;
        long t0 = System.nanoTime();
        try (ExtractionRun run = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(BATCH, 2, false, streams), times).open()) {
            together = run.extract(jobs("run", splits, false));
            // a second call on the same run (the next task) reuses its streams
            assertThat(run.extract(jobs("run2", splits.subList(0, 1), false)).get(0).embeddings())
                    .zipSatisfy(alone.get(0).embeddings(), (a, b) -> assertThat(a).containsExactly(b));
        }
        double wall = (System.nanoTime() - t0) / 1e9;

        for (int i = 0; i < sizes.length; i++) {
            EmbeddingExtractor.Result a = alone.get(i);
            EmbeddingExtractor.Result t = together.get(i);
            assertThat(t.clips()).isEqualTo(a.clips());
            assertThat(t.windows()).isEqualTo(a.windows());
            assertThat(t.computed()).isEqualTo(sizes[i]);
            for (int c = 0; c < a.clips().size(); c++) {
                assertThat(t.embeddings().get(c)).as("split %d clip %d", i, c).containsExactly(a.embeddings().get(c));
                assertThat(t.starts().get(c)).containsExactly(a.starts().get(c));
            }
            assertThat(cache("run", i).isReady()).isTrue();
        }
        // clip 13: two windows of 100 samples filled with 13 and 13.25 (first sample 0): (mean, max, min) by hand
        assertThat(together.get(3).embeddings().get(13)).containsExactly(12.87f, 13f, 0f, 13.1175f, 13.25f, 0f);
        // the streams were entered once each, on threads of their own, and the caller given its threads back once
        assertThat(model.streamCalls).hasValue(streams + 1);
        List<FakeModels.StreamingStats> instances = new ArrayList<>(model.streams.values());
        instances.add(model);
        assertThat(instances.stream().flatMap(m -> m.entered.stream()).filter(th -> th != Thread.currentThread()).distinct())
                .hasSize(streams);
        // full batches of one window length, a short one only where a length ran out (or a stream had nothing to do)
        int windows = together.stream().flatMap(r -> r.windows().stream()).mapToInt(Integer::intValue).sum()
                + alone.get(0).windows().stream().mapToInt(Integer::intValue).sum();
        assertThat(model.allBatchSizes()).allSatisfy(b -> assertThat(b).isBetween(1, BATCH));
        assertThat(model.allBatchSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(windows);
        // stream-time while splits were in flight: the model's share of it, at most N x the wall time
        double model0 = times.seconds(StageTimes.Stage.MODEL);
        double waiting = times.seconds(StageTimes.Stage.MODEL_WAITING);
        assertThat(model0).isPositive();
        assertThat(waiting).isPositive();
        assertThat(model0 + waiting).isLessThanOrEqualTo(streams * wall);
    }

    @Test
    void aSplitReadWholeFromTheCacheCountsItsStreamTimeAsWaiting() {
        List<Clip> clips = FakeModels.clips(tmp.resolve("data"), 6);
        try (ExtractionRun run = new EmbeddingExtractor(new FakeModels.Stats(), new EmbeddingExtractor.Options(BATCH, 2, false, 1),
                new StageTimes()).open()) {
            run.extract(jobs("c", List.of(clips), false));
        }
        FakeModels.StreamingStats model = new FakeModels.StreamingStats();
        StageTimes times = new StageTimes();
        try (ExtractionRun run = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(BATCH, 2, false, 2), times).open()) {
            assertThat(run.extract(jobs("c", List.of(clips), false)).get(0).computed()).isZero();
        }
        assertThat(model.streamCalls).hasValue(0);
        assertThat(times.seconds(StageTimes.Stage.MODEL)).isZero();
        assertThat(times.seconds(StageTimes.Stage.MODEL_WAITING)).isPositive();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anUndecodableClipFailsItsSplitAsAloneAndTheSplitsAfterItNeverStart(int streams) throws InterruptedException {
        List<Clip> first = FakeModels.clips(tmp.resolve("data"), 9);
        List<Clip> broken = FakeModels.clips(tmp.resolve("data"), 6, "bad7");
        List<Clip> after = FakeModels.clips(tmp.resolve("data"), 5);
        String expected = catchMessage(() -> new EmbeddingExtractor(new FakeModels.Stats(),
                new EmbeddingExtractor.Options(BATCH, 2, false, 1), new StageTimes())
                .extract("run s1", broken, uneven(), cache("alone", 1), Progress.silent()));
        assertThat(expected).startsWith("1 clip(s) of run s1 could not be decoded").contains("/data/bad7.wav: invalid data found");

        Set<Thread> threadsBefore = ExtractionThreads.live();
        FakeModels.StreamingStats model = new FakeModels.StreamingStats();
        try (ExtractionRun run = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(BATCH, 2, false, streams),
                new StageTimes()).open()) {
            assertThatThrownBy(() -> run.extract(jobs("run", List.of(first, broken, after), false)))
                    .isInstanceOf(UndecodableClipsException.class).hasMessage(expected);
            // as one split at a time: the good clips of the broken split are cached, the split after it never started
            assertThat(cache("run", 0).isReady()).isTrue();
            assertThat(cache("run", 1).isReady()).isFalse();
            assertThat(entries(cache("run", 1))).isEqualTo(6);
            assertThat(entries(cache("run", 2))).isZero();
            assertThat(started).containsExactlyInAnyOrder("run s0", "run s1");
            // skipped, the same clips give their split; the run goes on (the next task)
            EmbeddingExtractor.Result skipped = run.extract(jobs("run", List.of(first, broken, after), true)).get(1);
            assertThat(skipped.clips()).hasSize(6);
            assertThat(skipped.bad()).containsExactly("/data/bad7.wav: invalid data found when processing input");
        }
        assertThat(model.streamCalls).hasValue(streams + 1);
        ExtractionThreads.assertNoneLeftSince(threadsBefore);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFailingBatchStopsTheRunAndTheEarliestSplitsFailureIsThrown(int streams) throws InterruptedException {
        // clip 7's windows are filled with 7 (and 7.25): this model breaks on them; only the first split holds clip 7
        List<List<Clip>> splits = List.of(FakeModels.clips(tmp.resolve("data"), 12), FakeModels.clips(tmp.resolve("data"), 5),
                FakeModels.clips(tmp.resolve("data"), 6));
        Set<Thread> threadsBefore = ExtractionThreads.live();
        FakeModels.StreamingStats model = new FakeModels.StreamingStats() {
            @Override
            public EmbeddingModel stream(int s, int n) {
                super.stream(s, n);
                return this;
            }

            @Override
            public List<float[]> embed(List<float[]> prepared) {
                List<float[]> out = super.embed(prepared);
                out.stream().filter(e -> e[1] == 7f).forEach(e -> e[0] = Float.NaN);
                return out;
            }
        };
        try (ExtractionRun run = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(BATCH, 2, false, streams),
                new StageTimes()).open()) {
            assertThatThrownBy(() -> run.extract(jobs("run", splits, false)))
                    .isInstanceOf(NonFiniteEmbeddingException.class)
                    .hasMessage("fake-stats returned 1 NaN or infinite value(s) of 6 for clip 'clip7' (" + splits.get(0).get(7).file()
                            + ") of run s0 (expected finite embeddings; check the checkpoint or module; nothing was written for it)");
            assertThat(Files.exists(cache("run", 0).file(splits.get(0).get(7)))).isFalse();
            assertThat(cache("run", 0).isReady()).isFalse();
            assertThat(cache("run", 2).isReady()).isFalse();
        }
        ExtractionThreads.assertNoneLeftSince(threadsBefore);
    }

    private List<ExtractionRun.Job> jobs(String name, List<List<Clip>> splits, boolean skipBadAudio) {
        List<ExtractionRun.Job> jobs = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            String label = name + " s" + i;
            jobs.add(new ExtractionRun.Job(label, splits.get(i), uneven(), cache(name, i), () -> {
                started.add(label);
                return Progress.silent();
            }, skipBadAudio));
        }
        return jobs;
    }

    private EmbeddingCache.Split cache(String name, int split) {
        return new EmbeddingCache(tmp.resolve("cache-" + name)).split("fake-stats", "t_default", "s" + split,
                Map.of("model", "fake-stats-v1"), tmp.resolve("data"), "s" + split);
    }

    private static long entries(EmbeddingCache.Split split) {
        if (!Files.isDirectory(split.dir())) {
            return 0;
        }
        try (Stream<Path> s = Files.list(split.dir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".npz")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }
}
