package org.hares.embed;


import org.hares.Progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hares.data.Clip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingExtractorTest {

    @TempDir
    Path tmp;

    private final EmbeddingExtractor.Options options = new EmbeddingExtractor.Options(4, 2, false, 1);

    @Test
    void embedsEveryWindowWithTheModelAndReadsTheSecondRunFromTheCache() {
        List<Clip> clips = FakeModels.clips(10);
        FakeModels.Stats model = new FakeModels.Stats();
        EmbeddingCache.Split split = split();
        EmbeddingExtractor.Result first = new EmbeddingExtractor(model, options, new StageTimes())
                .extract("t test", clips, FakeModels.windower(), split, Progress.silent());
        assertThat(first.computed()).isEqualTo(10);
        assertThat(model.embeddedWindows.get()).isEqualTo(20);
        // clip 7: windows filled with 7 and with -7 (first sample 0): (mean, max, min) known by hand
        assertThat(first.embeddings().get(7)).containsExactly(7f, 7f, 7f, -6.93f, 0f, -7f);
        assertThat(split.isReady()).isTrue();

        FakeModels.Stats again = new FakeModels.Stats();
        EmbeddingExtractor.Result second = new EmbeddingExtractor(again, options, new StageTimes())
                .extract("t test", clips, FakeModels.windower(), split, Progress.silent());
        assertThat(second.computed()).isZero();
        assertThat(again.embeddedWindows.get()).isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(second.embeddings().get(i)).containsExactly(first.embeddings().get(i));
        }
    }

    @Test
    void streamsRunOnInstancesOfTheirOwnOnThreadsOfTheirOwnAndGiveWhatOneStreamGives() {
        List<Clip> clips = FakeModels.clips(24);
        EmbeddingExtractor.Result one = new EmbeddingExtractor(new FakeModels.Stats(), options, new StageTimes())
                .extract("t test", clips, FakeModels.windower(), split("one"), Progress.silent());
        FakeModels.StreamingStats model = new FakeModels.StreamingStats();
        StageTimes times = new StageTimes();
        EmbeddingCache.Split split = split("three");
        EmbeddingExtractor.Result three = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(4, 2, false, 3), times)
                .extract("t test", clips, FakeModels.windower(), split, Progress.silent());

        assertThat(three.clips()).isEqualTo(one.clips());
        assertThat(three.computed()).isEqualTo(24);
        for (int i = 0; i < clips.size(); i++) {
            assertThat(three.embeddings().get(i)).containsExactly(one.embeddings().get(i));
        }
        // every stream ran on a thread of its own, stream 0 on the model itself; afterwards the calling thread
        // entered stream 0 of 1, which gives it all the engine's threads back
        assertThat(model.streams).containsOnlyKeys(1, 2);
        List<FakeModels.StreamingStats> instances = List.of(model, model.streams.get(1), model.streams.get(2));
        assertThat(model.entered).hasSize(2).contains(Thread.currentThread());
        assertThat(instances.stream().flatMap(m -> m.entered.stream()).filter(t -> t != Thread.currentThread()).distinct())
                .hasSize(3);
        assertThat(instances.stream().mapToInt(m -> m.embeddedWindows.get()).sum()).isEqualTo(48);
        assertThat(times.seconds(StageTimes.Stage.MODEL)).isPositive();
        assertThat(split.isReady()).isTrue();
        // a split read whole from the cache starts no stream and opens no instance
        FakeModels.StreamingStats idle = new FakeModels.StreamingStats();
        EmbeddingExtractor.Result cached = new EmbeddingExtractor(idle, new EmbeddingExtractor.Options(4, 2, false, 3), new StageTimes())
                .extract("t test", clips, FakeModels.windower(), split, Progress.silent());
        assertThat(cached.computed()).isZero();
        assertThat(idle.streams).isEmpty();
        assertThat(idle.entered).isEmpty();
        assertThat(cached.embeddings().get(23)).containsExactly(one.embeddings().get(23));
    }

    @Test
    void aModelThatRunsOneStreamIsClampedToIt() {
        FakeModels.Stats model = new FakeModels.Stats();
        assertThat(EmbeddingExtractor.streams(model, 4)).isEqualTo(1);
        EmbeddingExtractor.Result r = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(4, 2, false, 4), new StageTimes())
                .extract("t test", FakeModels.clips(5), FakeModels.windower(), split(), Progress.silent());
        assertThat(r.computed()).isEqualTo(5);
        assertThat(model.embeddedWindows.get()).isEqualTo(10);
    }

    @Test
    void aRunKilledPartWayResumesAndRecomputesOnlyWhatIsMissing() {
        List<Clip> clips = FakeModels.clips(12);
        EmbeddingCache.Split split = split();
        assertThatThrownBy(() -> new EmbeddingExtractor(new FakeModels.Stats(), options, new StageTimes(), 5)
                .extract("t test", clips, FakeModels.windower(), split, Progress.silent()))
                .hasMessageContaining("injected failure after 5 cache writes");
        assertThat(split.isReady()).isFalse();
        long written = entries(split.dir());
        assertThat(written).isBetween(5L, 11L);

        FakeModels.Stats model = new FakeModels.Stats();
        EmbeddingExtractor.Result resumed = new EmbeddingExtractor(model, options, new StageTimes())
                .extract("t test", clips, FakeModels.windower(), split, Progress.silent());
        assertThat(resumed.computed()).isEqualTo(12 - written);
        assertThat(model.embeddedWindows.get()).isEqualTo(2 * (12 - written));
        assertThat(resumed.clips()).hasSize(12);
        assertThat(entries(split.dir())).isEqualTo(12);
    }

    @Test
    void corruptAndTruncatedEntriesAreDetectedAndRecomputed() throws IOException {
        List<Clip> clips = FakeModels.clips(6);
        EmbeddingCache.Split split = split();
        EmbeddingExtractor.Result clean = new EmbeddingExtractor(new FakeModels.Stats(), options, new StageTimes())
                .extract("t test", clips, FakeModels.windower(), split, Progress.silent());
        Path corrupt = split.file(clips.get(3));
        Path truncated = split.file(clips.get(4));
        byte[] bytes = Files.readAllBytes(corrupt);
        int at = indexOf(bytes, new byte[] {0, 0, 0x40, 0x40}); // the float 3.0 of clip 3's first window
        assertThat(at).isPositive();
        bytes[at + 3] = 0x41; // 3.0 -> 12.0: a silent bit flip in the data
        Files.write(corrupt, bytes);
        try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        FakeModels.Stats model = new FakeModels.Stats();
        EmbeddingExtractor.Result rerun = new EmbeddingExtractor(model, options, new StageTimes())
                .extract("t test", clips, FakeModels.windower(), split, Progress.silent());
        assertThat(rerun.computed()).isEqualTo(2);
        assertThat(rerun.embeddings().get(3)).containsExactly(clean.embeddings().get(3));
        assertThat(rerun.embeddings().get(4)).containsExactly(clean.embeddings().get(4));
    }

    @Test
    void undecodableClipsFailTheSplitUnlessSkippedAndAreListed() {
        List<Clip> clips = FakeModels.clips(3, "bad7");
        assertThatThrownBy(() -> new EmbeddingExtractor(new FakeModels.Stats(), options, new StageTimes())
                .extract("esc50:default test", clips, FakeModels.windower(), split(), Progress.silent()))
                .isInstanceOf(UndecodableClipsException.class)
                .hasMessageContaining("1 clip(s) of esc50:default test could not be decoded")
                .hasMessageContaining("/data/bad7.wav: invalid data found when processing input")
                .hasMessageContaining("--skip-bad-audio");
        EmbeddingExtractor.Result skipped = new EmbeddingExtractor(new FakeModels.Stats(),
                new EmbeddingExtractor.Options(4, 2, true, 1), new StageTimes())
                .extract("esc50:default test", clips, FakeModels.windower(), split(), Progress.silent());
        assertThat(skipped.clips()).extracting(Clip::id).containsExactly("clip0", "clip1", "clip2");
        assertThat(skipped.bad()).containsExactly("/data/bad7.wav: invalid data found when processing input");
    }

    @Test
    void aModelOutputHoldingNaNStopsTheRunNamingTaskSplitAndClipAndIsNeverCached() {
        List<Clip> clips = FakeModels.clips(10);
        EmbeddingCache.Split split = split();
        // clip 7's windows are filled with 7: this model breaks on them
        FakeModels.Stats nanOnSeven = new FakeModels.Stats() {
            @Override
            public List<float[]> embed(List<float[]> prepared) {
                List<float[]> out = super.embed(prepared);
                for (float[] e : out) {
                    if (e[1] == 7f) {
                        e[0] = Float.NaN;
                        e[2] = Float.NEGATIVE_INFINITY;
                    }
                }
                return out;
            }
        };
        String expected = "fake-stats returned 2 NaN or infinite value(s) of 6 for clip 'clip7' (" + clips.get(7).file() + ") of "
                + "esc50:default test (expected finite embeddings; check the checkpoint or module; nothing was "
                + "written for it)";
        FakeModels.StreamingStats streamedNanOnSeven = new FakeModels.StreamingStats() {
            @Override
            public EmbeddingModel stream(int s, int n) {
                return nanOnSeven;
            }
        };
        // on streams the failure is the same, from the stream's thread
        assertThatThrownBy(() -> new EmbeddingExtractor(streamedNanOnSeven, new EmbeddingExtractor.Options(4, 2, false, 2),
                new StageTimes()).extract("esc50:default test", clips, FakeModels.windower(), split, Progress.silent()))
                .isInstanceOf(NonFiniteEmbeddingException.class).hasMessage(expected);
        assertThatThrownBy(() -> new EmbeddingExtractor(nanOnSeven, options, new StageTimes())
                .extract("esc50:default test", clips, FakeModels.windower(), split, Progress.silent()))
                .isInstanceOf(NonFiniteEmbeddingException.class)
                .hasMessage("fake-stats returned 2 NaN or infinite value(s) of 6 for clip 'clip7' (" + clips.get(7).file() + ") of "
                        + "esc50:default test (expected finite embeddings; check the checkpoint or module; nothing was "
                        + "written for it)")
                .satisfies(e -> assertThat(((NonFiniteEmbeddingException) e).exitCode()).isEqualTo(4));
        assertThat(split.isReady()).isFalse();

        // a sound model afterwards computes clip 7 itself: nothing non-finite was cached for it
        EmbeddingExtractor.Result rerun = new EmbeddingExtractor(new FakeModels.Stats(), options, new StageTimes())
                .extract("esc50:default test", clips, FakeModels.windower(), split, Progress.silent());
        assertThat(rerun.embeddings().get(7)).containsExactly(7f, 7f, 7f, -6.93f, 0f, -7f);
    }

    private EmbeddingCache.Split split() {
        return split("test");
    }

    private EmbeddingCache.Split split(String name) {
        return new EmbeddingCache(tmp).split("fake-stats", "t_default", name, Map.of("model", "fake-stats-v1"),
                FakeModels.root(), name);
    }

    private static long entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".npz")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
