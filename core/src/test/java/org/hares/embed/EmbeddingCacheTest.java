package org.hares.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.Progress;
import org.hares.data.Clip;
import org.hares.io.NpyArray;
import org.hares.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache as a user sees it: entries follow a moved dataset, never outlive a changed file, and ready.json lists every split. */
class EmbeddingCacheTest {

    private static final Map<String, String> KEY = Map.of("model", "fake-stats-v1");
    private static final float[] WINDOWS = {1, 2, 3, 4, 5, 6};

    @TempDir
    Path tmp;

    @Test
    void aDatasetMovedElsewhereFindsItsEntries() throws IOException {
        Path before = tmp.resolve("old-place/ESC-50-master");
        List<Clip> clips = FakeModels.clips(before, 5);
        EmbeddingCache c = new EmbeddingCache(tmp.resolve("cache"));
        EmbeddingExtractor.Result first = extract(clips, c.split("m", "t", "eval", KEY, before, "test"));
        assertThat(first.computed()).isEqualTo(5);

        Path after = tmp.resolve("elsewhere/clone");
        Files.createDirectories(after.getParent());
        Files.move(before, after);
        List<Clip> moved = FakeModels.clips(after, 5);
        FakeModels.Stats model = new FakeModels.Stats();
        EmbeddingExtractor.Result second = new EmbeddingExtractor(model, new EmbeddingExtractor.Options(4, 2, false, 1),
                new StageTimes()).extract("t test", moved, FakeModels.windower(), c.split("m", "t", "eval", KEY, after, "test"),
                Progress.silent());
        assertThat(second.computed()).isZero();
        assertThat(model.embeddedWindows.get()).isZero();
        assertThat(second.embeddings().get(3)).containsExactly(first.embeddings().get(3));
        // a fresh copy (new times, same bytes) is found as well
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy.resolve("audio"));
        for (Clip clip : moved) {
            Files.copy(clip.file(), copy.resolve("audio").resolve(clip.file().getFileName()));
        }
        assertThat(extract(FakeModels.clips(copy, 5), c.split("m", "t", "eval", KEY, copy, "test")).computed()).isZero();
    }

    @Test
    void changedBytesOfTheSameSizeAndModificationTimeAreAMiss() throws IOException {
        Clip clip = FakeModels.clips(tmp, 1).get(0);
        EmbeddingCache.Split split = new EmbeddingCache(tmp.resolve("cache")).split("m", "t", "eval", KEY, tmp, "test");
        split.write(clip, WINDOWS, 2, new long[] {0, 100});
        assertThat(split.read(clip, 3)).isPresent();

        FileTime modified = Files.getLastModifiedTime(clip.file());
        byte[] bytes = Files.readAllBytes(clip.file());
        bytes[0] ^= 1;
        Files.write(clip.file(), bytes);
        Files.setLastModifiedTime(clip.file(), modified);
        assertThat(Files.size(clip.file())).isEqualTo(bytes.length);
        assertThat(split.read(clip, 3)).isEmpty();

        bytes[0] ^= 1; // the original bytes again: the entry is valid again
        Files.write(clip.file(), bytes);
        assertThat(split.read(clip, 3)).get().extracting(EmbeddingCache.Split.Entry::embeddings).isEqualTo(WINDOWS);
    }

    @Test
    void readyJsonListsEverySplitOfTheFolder() {
        EmbeddingCache c = new EmbeddingCache(tmp.resolve("cache"));
        EmbeddingCache.Split test = c.split("m", "t", "eval", KEY, tmp, "test");
        EmbeddingCache.Split valid = c.split("m", "t", "eval", KEY, tmp, "valid");
        assertThat(valid.dir()).isEqualTo(test.dir());
        extract(FakeModels.clips(tmp, 3), test);
        assertThat(valid.isReady()).isFalse();
        extract(FakeModels.clips(tmp, 2), valid);
        assertThat(test.isReady()).isTrue();
        assertThat(valid.isReady()).isTrue();
        Map<String, Map<String, Object>> ready = test.readyEntries();
        assertThat(ready).containsOnlyKeys("test", "valid");
        assertThat(ready.get("test")).containsEntry("clips", 3).containsEntry("bad", 0);
        assertThat(ready.get("valid")).containsEntry("clips", 2).containsEntry("dataset_root", tmp.toAbsolutePath().toString());
    }

    @Test
    void nonFiniteEmbeddingsAreNeverWrittenAndAreRejectedOnRead() {
        Clip clip = FakeModels.clips(tmp, 1).get(0);
        EmbeddingCache.Split split = new EmbeddingCache(tmp.resolve("cache")).split("m", "t", "eval", KEY, tmp, "test");
        assertThatThrownBy(() -> split.write(clip, new float[] {1, Float.NaN, 3, 4, Float.POSITIVE_INFINITY, 6}, 2,
                new long[] {0, 100}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clip0").hasMessageContaining("2 NaN or infinite value(s)");
        assertThat(split.file(clip)).doesNotExist();

        // an entry that holds a NaN with a consistent checksum (written by something else): treated as absent
        split.write(clip, WINDOWS, 2, new long[] {0, 100});
        Map<String, NpyArray> entry = new LinkedHashMap<>(Npz.read(split.file(clip)));
        NpyArray poisoned = NpyArray.ofFloats(new float[] {1, Float.NaN, 3, 4, 5, 6}, 2, 3);
        entry.put("embeddings", poisoned);
        entry.put("crc32", NpyArray.ofLongs(new long[] {EmbeddingCache.crc32(poisoned)}));
        Npz.write(split.file(clip), entry);
        assertThat(split.read(clip, 3)).isEmpty();
    }

    @Test
    void entriesAreNamedByThePathRelativeToTheDatasetRoot() {
        EmbeddingCache cache = new EmbeddingCache(tmp.resolve("cache"));
        EmbeddingCache.Split a = cache.split("m", "t", "eval", KEY, tmp.resolve("x/root"), "test");
        EmbeddingCache.Split b = cache.split("m", "t", "eval", KEY, tmp.resolve("y/root"), "test");
        Clip inA = new Clip("c1", tmp.resolve("x/root/audio/c1.wav"), org.hares.data.Split.TEST, new org.hares.data.Labels.Single(0));
        Clip inB = new Clip("c1", tmp.resolve("y/root/audio/c1.wav"), org.hares.data.Split.TEST, new org.hares.data.Labels.Single(0));
        assertThat(a.relative(inA.file())).isEqualTo("audio/c1.wav");
        assertThat(a.file(inA).getFileName()).isEqualTo(b.file(inB).getFileName());
        assertThat(a.file(inA).getFileName()).isNotEqualTo(a.file(inB).getFileName());
    }

    private static EmbeddingExtractor.Result extract(List<Clip> clips, EmbeddingCache.Split split) {
        return new EmbeddingExtractor(new FakeModels.Stats(), new EmbeddingExtractor.Options(4, 2, false, 1), new StageTimes())
                .extract("t " + split.name(), clips, FakeModels.windower(), split, Progress.silent());
    }
}
