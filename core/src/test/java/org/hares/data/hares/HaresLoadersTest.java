package org.hares.data.hares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hares.data.Clip;
import org.hares.data.DatasetSelection;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Segment;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.testing.datasets.AudioSetFixture;
import org.hares.testing.datasets.BirdsongFixture;
import org.hares.testing.datasets.Esc50Fixture;
import org.hares.testing.datasets.FluentSpeechCommandsFixture;
import org.hares.testing.datasets.MagnaTagATuneFixture;
import org.hares.testing.datasets.NSynthFixture;
import org.hares.testing.datasets.SpeechCommandsFixture;
import org.hares.testing.datasets.Tut18Fixture;
import org.hares.testing.datasets.VoxCelebFixture;
import org.hares.testing.datasets.VoxForgeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each loader on its tiny synthetic copy: clips, labels, splits, classes and reports. */
class HaresLoadersTest {

    @TempDir
    Path root;

    private static LoadedTask load(String ref, Path root) {
        return (LoadedTask) HaresTasks.load(DatasetSelection.of(TaskRef.parse(ref), root));
    }

    private static Map<Split, Integer> counts(Task t) {
        return ((LoadedTask) t).countsPerSplit();
    }

    private static int single(Clip c) {
        return ((Labels.Single) c.labels()).index();
    }

    private static Map<String, Clip> byId(Task t) {
        return t.clips().stream().collect(Collectors.toMap(Clip::id, c -> c));
    }

    @Test
    void esc50ReadsFoldsAndTargets() {
        Esc50Fixture.write(root);
        LoadedTask t = load("esc50", root);
        assertThat(t.spec().ref()).isEqualTo(new TaskRef("esc50", "default"));
        assertThat(t.spec().classes().size()).isEqualTo(50);
        assertThat(t.spec().classes().classes().get(49)).isEqualTo("hand_saw");
        assertThat(t.clips()).extracting(Clip::id, Clip::fold, c -> single(c), Clip::split).containsExactly(
                tuple("1-100032-A-0.wav", 1, 0, Split.TRAIN), tuple("1-100038-A-1.wav", 1, 1, Split.TRAIN),
                tuple("2-100210-A-10.wav", 2, 10, Split.TRAIN), tuple("2-100210-B-10.wav", 2, 10, Split.TRAIN),
                tuple("3-100648-A-0.wav", 3, 0, Split.TRAIN), tuple("3-101010-A-49.wav", 3, 49, Split.TRAIN),
                tuple("4-102844-A-1.wav", 4, 1, Split.TRAIN), tuple("4-103050-A-49.wav", 4, 49, Split.TRAIN),
                tuple("5-103415-A-0.wav", 5, 0, Split.TRAIN), tuple("5-103420-A-10.wav", 5, 10, Split.TRAIN));
        assertThat(t.folds()).isEqualTo(5);
        assertThat(t.clips().get(0).file()).isEqualTo(root.resolve("audio/1-100032-A-0.wav"));
        assertThat(t.report().missing()).isEmpty();
        assertThat(t.report().unexpected()).isEmpty();
    }

    @Test
    void speechCommandsV1IsTheTfdsConstruction() {
        SpeechCommandsFixture.write(root);
        LoadedTask t = load("speech_commands_v1", root);
        assertThat(t.spec().ref().variant()).isEqualTo("tfds");
        List<String> classes = t.spec().classes().classes();
        assertThat(classes).containsExactly("down", "go", "left", "no", "off", "on", "right", "stop", "up", "yes", "_silence_", "_unknown_");
        assertThat(counts(t)).containsEntry(Split.TRAIN, 9).containsEntry(Split.VALID, 3).containsEntry(Split.TEST, 3);
        Map<String, Clip> clips = byId(t);
        int yes = classes.indexOf("yes");
        int unknown = classes.indexOf("_unknown_");
        int silence = classes.indexOf("_silence_");
        assertThat(clips.get("yes/v_nohash_0.wav").split()).isEqualTo(Split.VALID);
        assertThat(clips).doesNotContainKey("no/t_nohash_0.wav"); // in testing_list: test comes from the test archive
        assertThat(single(clips.get("bed/a_nohash_0.wav"))).isEqualTo(unknown);
        assertThat(single(clips.get("cat/a_nohash_0.wav"))).isEqualTo(unknown);
        // white_noise: 40,000 samples -> range(0, 24000, 8000) = 0, 8000, 16000; running_tap: range(0, 12000, 8000)
        assertThat(t.clips().stream().filter(c -> single(c) == silence && c.split() != Split.TEST))
                .extracting(Clip::id, Clip::segment, Clip::split).containsExactly(
                        tuple("_background_noise_/running_tap.wav@0", new Segment(0, 1), Split.VALID),
                        tuple("_background_noise_/running_tap.wav@8000", new Segment(0.5, 1), Split.VALID),
                        tuple("_background_noise_/white_noise.wav@0", new Segment(0, 1), Split.TRAIN),
                        tuple("_background_noise_/white_noise.wav@8000", new Segment(0.5, 1), Split.TRAIN),
                        tuple("_background_noise_/white_noise.wav@16000", new Segment(1.0, 1), Split.TRAIN));
        assertThat(t.clips(Split.TEST)).extracting(Clip::id, c -> single(c)).containsExactlyInAnyOrder(
                tuple("test/yes/x.wav", yes), tuple("test/_unknown_/y.wav", unknown), tuple("test/_silence_/z.wav", silence));
        assertThat(t.report().missing()).isEmpty();
        assertThat(t.report().unexpected()).isEmpty();
    }

    @Test
    void speechCommandsV1V001ReadsTheV001Archives() {
        SpeechCommandsFixture.write(root, "v0.01", 0.1);
        LoadedTask t = load("speech_commands_v1:v0.01", root);
        assertThat(t.spec().ref()).isEqualTo(new TaskRef("speech_commands_v1", "v0.01"));
        assertThat(counts(t)).containsEntry(Split.TRAIN, 9).containsEntry(Split.VALID, 3).containsEntry(Split.TEST, 3);
        assertThat(t.clips().get(0).file().toString()).contains("speech_commands_v0.01");
    }

    @Test
    void speechCommandsV2UsesTheOfficialLists() {
        SpeechCommandsFixture.write(root);
        LoadedTask t = load("speech_commands_v2", root);
        List<String> words = t.spec().classes().classes();
        assertThat(words).hasSize(35).contains("backward", "visual", "zero").doesNotContain("_silence_", "_unknown_");
        assertThat(counts(t)).containsEntry(Split.TRAIN, 6).containsEntry(Split.VALID, 1).containsEntry(Split.TEST, 1);
        Map<String, Clip> clips = byId(t);
        assertThat(clips.get("no/t_nohash_0.wav").split()).isEqualTo(Split.TEST);
        assertThat(single(clips.get("bed/a_nohash_0.wav"))).isEqualTo(words.indexOf("bed"));
        assertThat(t.report().notes()).containsEntry("background-noise files (not used by v2)", 2L);
    }

    @Test
    void fluentSpeechCommandsHasThreeSlots() {
        FluentSpeechCommandsFixture.write(root);
        LoadedTask t = load("fluent_speech_commands", root);
        assertThat(t.spec().labelSpaces()).extracting(l -> l.name(), l -> l.classes()).containsExactly(
                tuple("action", List.of("activate", "decrease", "increase")),
                tuple("object", List.of("heat", "lights", "music")),
                tuple("location", List.of("kitchen", "none")));
        assertThat(counts(t)).containsEntry(Split.TRAIN, 4).containsEntry(Split.VALID, 1).containsEntry(Split.TEST, 1);
        Clip test = t.clips(Split.TEST).get(0);
        assertThat(test.id()).isEqualTo("wavs/speakers/2BqVo8kVB2Skwgyb/4e5f6071.wav");
        assertThat(test.labels()).isEqualTo(new Labels.Slots(new int[] {1, 0, 0})); // decrease, heat, kitchen
        assertThat(test.file()).isEqualTo(root.resolve("wavs/speakers/2BqVo8kVB2Skwgyb/4e5f6071.wav"));
    }

    @Test
    void nsynthInstrumentAndPitch() {
        NSynthFixture.write(root);
        LoadedTask inst = load("nsynth_instrument", root);
        LoadedTask pitch = load("nsynth_pitch", root);
        assertThat(pitch.spec().classes().size()).isEqualTo(128);
        assertThat(counts(inst)).containsEntry(Split.TRAIN, 3).containsEntry(Split.VALID, 1).containsEntry(Split.TEST, 2);
        assertThat(inst.clips()).extracting(Clip::id, c -> single(c)).containsExactly(
                tuple("bass_synthetic_033-022-050", 0), tuple("guitar_acoustic_010-060-100", 3),
                tuple("vocal_synthetic_003-127-075", 10), tuple("keyboard_electronic_001-021-127", 4),
                tuple("guitar_electronic_022-108-025", 3), tuple("brass_acoustic_046-000-050", 1));
        assertThat(pitch.clips()).extracting(c -> single(c)).containsExactly(22, 60, 127, 21, 108, 0);
        assertThat(pitch.clips().get(3).file()).isEqualTo(root.resolve("nsynth-valid/audio/keyboard_electronic_001-021-127.wav"));
    }

    @Test
    void magnaTagATuneSplitsByFolderAndExcludesTheBadClips() {
        MagnaTagATuneFixture.write(root);
        LoadedTask t = load("magnatagatune", root);
        assertThat(t.spec().multiLabel()).isTrue();
        assertThat(t.spec().classes().classes()).isEqualTo(MagnaTagATuneFixture.TAGS);
        List<String> tags = t.spec().classes().classes();
        assertThat(t.clips()).extracting(Clip::id, Clip::split, Clip::labels).containsExactly(
                tuple("2", Split.TRAIN, new Labels.Multi(new int[] {tags.indexOf("guitar"), tags.indexOf("classical")})),
                tuple("6", Split.TRAIN, new Labels.Multi(new int[] {tags.indexOf("piano"), tags.indexOf("no vocals")})),
                tuple("10", Split.TRAIN, new Labels.Multi(new int[0])),
                tuple("20", Split.VALID, new Labels.Multi(new int[] {tags.indexOf("techno"), tags.indexOf("beat")})),
                tuple("30", Split.TEST, new Labels.Multi(new int[] {tags.indexOf("choral")})),
                tuple("40", Split.TEST, new Labels.Multi(new int[] {tags.indexOf("female voice"), tags.indexOf("vocal")})));
        assertThat(t.report().notes()).containsEntry("known bad clips excluded (35644, 55753, 57881)", 2L)
                .containsEntry("clips with none of the top-50 tags (kept, as musicnn does)", 1L);
        assertThat(t.report().missing()).isEmpty();
        assertThat(t.report().unexpected()).isEmpty();
    }

    @Test
    void voxCelebFullAndTfdsVariants() {
        VoxCelebFixture.write(root);
        LoadedTask full = load("voxceleb1", root);
        assertThat(full.spec().ref().variant()).isEqualTo("full");
        assertThat(full.spec().classes().size()).isEqualTo(1251);
        assertThat(counts(full)).containsEntry(Split.TRAIN, 3).containsEntry(Split.VALID, 1).containsEntry(Split.TEST, 2);
        Clip c = byId(full).get("id10270/5r0dWxy17C8/00002.wav");
        assertThat(c.split()).isEqualTo(Split.TEST);
        assertThat(single(c)).isEqualTo(269);
        assertThat(c.file()).isEqualTo(root.resolve("vox1_test_wav/wav/id10270/5r0dWxy17C8/00002.wav"));
        LoadedTask tfds = load("voxceleb1:tfds", root);
        assertThat(tfds.spec().comparableWithPaper()).isFalse();
        assertThat(counts(tfds)).containsEntry(Split.TRAIN, 2).containsEntry(Split.VALID, 1).containsEntry(Split.TEST, 1);
        assertThat(tfds.report().notes()).containsEntry("iden_split files outside the dev zip (left out by the TFDS construction)", 2L);
        assertThat(tfds.report().missing()).isEmpty();
    }

    @Test
    void voxForgeSplitsSpeakersAsTfds() {
        VoxForgeFixture.write(root);
        LoadedTask t = load("voxforge", root);
        assertThat(t.spec().classes().classes()).containsExactly("de", "en", "es", "fr", "it", "ru");
        assertThat(counts(t)).containsEntry(Split.TRAIN, 16).containsEntry(Split.VALID, 2).containsEntry(Split.TEST, 6);
        // expected speaker splits: numpy's RandomState(0) (the "fixture" line of numpy_shuffle_expected.txt)
        Map<String, Split> expected = NumpyRandomStateTest.expectedFixtureSplit();
        for (Clip c : t.clips()) {
            String archive = c.id().split("_", 2)[1];
            assertThat(c.split()).as(c.id()).isEqualTo(expected.get(archive.split("-")[0]));
        }
        Clip anon = byId(t).get("de_anonymous-20080101-aaa.tgz_a0001");
        assertThat(anon.labels()).isEqualTo(new Labels.Single(0));
        assertThat(anon.file()).isEqualTo(root.resolve(VoxForgeFixture.relativePath("de", "anonymous-20080101-aaa")
                .replace(".tgz", "") + "/wav/a0001.wav"));
        assertThat(t.report().notes()).containsEntry("archives of the universe not downloaded (partial download)", 1L);
    }

    @Test
    void voxForgeWithoutTheUrlListWarnsAndUsesTheArchivesFound() {
        VoxForgeFixture.write(root, 0.1, false);
        LoadedTask t = load("voxforge", root);
        assertThat(t.report().warnings()).singleElement().asString().contains("no voxforge_urls.txt");
        assertThat(t.clips()).hasSize(24);
    }

    @Test
    void audioSetCountsAttrition() {
        AudioSetFixture.write(root);
        LoadedTask t = load("audioset", root);
        assertThat(t.spec().classes().size()).isEqualTo(527);
        assertThat(t.clips()).extracting(Clip::id, Clip::split, Clip::labels).containsExactly(
                tuple("--PJHxphWEs_30.000", Split.TRAIN, new Labels.Multi(new int[] {0, 451})),
                tuple("--ZhevVpy1s_50.000", Split.TRAIN, new Labels.Multi(new int[] {137})),
                tuple("---1_cCGK4M_0.000", Split.TRAIN, new Labels.Multi(new int[] {0, 137})),
                tuple("-0RWZT-miFs_420.000", Split.TEST, new Labels.Multi(new int[] {307, 379})),
                tuple("-1nilez17Dg_30.000", Split.TEST, new Labels.Multi(new int[] {74})));
        assertThat(t.report().notes())
                .containsEntry("balanced_train_segments.csv segments not downloaded (attrition)", 1L)
                .containsEntry("unbalanced_train_segments.csv segments not downloaded (attrition)", 1L)
                .containsEntry("eval_segments.csv segments not downloaded (attrition)", 0L);
        assertThat(t.report().missing()).isEmpty();
        assertThat(t.report().unexpected()).containsExactly(root.resolve("audio/eval_segments/not_in_any_csv_0.000.wav"));
    }

    @Test
    void birdsongFallbackIsStratifiedSeededAndNotComparable() {
        BirdsongFixture.write(root);
        LoadedTask t = load("birdsong", root);
        assertThat(t.spec().ref().variant()).isEqualTo("random");
        assertThat(t.spec().comparableWithPaper()).isFalse();
        assertThat(t.spec().classes().classes()).containsExactly("no_bird", "bird");
        assertThat(t.clips()).hasSize(12);
        for (int label = 0; label < 2; label++) {
            int l = label;
            assertThat(t.clips().stream().filter(c -> single(c) == l && c.split() == Split.TRAIN)).hasSize(5);
            assertThat(t.clips().stream().filter(c -> single(c) == l && c.split() == Split.TEST)).hasSize(1);
        }
        assertThat(single(byId(t).get("ff1010bird/wav/64486.wav"))).isEqualTo(1);
        assertThat(single(byId(t).get("ff1010bird/wav/44981.wav"))).isEqualTo(0);
        LoadedTask again = load("birdsong:random", root);
        assertThat(again.clips()).isEqualTo(t.clips());
        LoadedTask otherSeed = (LoadedTask) HaresTasks.load(DatasetSelection.of(TaskRef.parse("birdsong"), root).withSeed(7));
        assertThat(otherSeed.clips().stream().map(Clip::split).toList()).isNotEqualTo(t.clips().stream().map(Clip::split).toList());
    }

    @Test
    void birdsongWithASplitFileIsComparable() {
        BirdsongFixture.write(root);
        Path split = BirdsongFixture.writeSplitFile(root.resolve("split.csv"));
        LoadedTask t = (LoadedTask) HaresTasks.load(DatasetSelection.of(TaskRef.parse("birdsong"), root).withSplitFile(split));
        assertThat(t.spec().ref()).isEqualTo(new TaskRef("birdsong", "default"));
        assertThat(t.spec().comparableWithPaper()).isTrue();
        assertThat(counts(t)).containsEntry(Split.TRAIN, 6).containsEntry(Split.VALID, 3).containsEntry(Split.TEST, 3);
        assertThat(byId(t).get("BirdVox-DCASE-20k/wav/001bf9dd-8c08-4306-8a5b-c3e8b6fdb4d1.wav").split()).isEqualTo(Split.TEST);
    }

    @Test
    void tut18RandomAndFold1() {
        Tut18Fixture.write(root);
        LoadedTask random = load("tut18", root);
        assertThat(random.spec().ref().variant()).isEqualTo("random");
        assertThat(random.spec().comparableWithPaper()).isFalse();
        assertThat(counts(random)).containsEntry(Split.TRAIN, 8).containsEntry(Split.TEST, 2);
        LoadedTask fold1 = load("tut18:fold1", root);
        assertThat(fold1.spec().comparableWithPaper()).isFalse();
        assertThat(counts(fold1)).containsEntry(Split.TRAIN, 6).containsEntry(Split.TEST, 4);
        Clip park = byId(fold1).get("audio/park-helsinki-5-9-a.wav");
        assertThat(park.split()).isEqualTo(Split.TEST);
        assertThat(single(park)).isEqualTo(4);
        assertThat(fold1.clips(Split.TRAIN)).allMatch(c -> c.id().contains("barcelona"));
    }

    @Test
    void skipBadFilesCountsTheSkippedClips() throws Exception {
        Esc50Fixture.write(root);
        java.nio.file.Files.delete(root.resolve("audio/3-100648-A-0.wav"));
        DatasetSelection sel = new DatasetSelection(TaskRef.parse("esc50"), root, Optional.empty(), 0, true);
        LoadedTask t = (LoadedTask) HaresTasks.load(sel);
        assertThat(t.clips()).hasSize(9);
        assertThat(t.report().skipped()).isTrue();
        assertThat(t.report().missing()).extracting(m -> m.file()).containsExactly(root.resolve("audio/3-100648-A-0.wav"));
        assertThat(t.report().hasErrors()).isFalse();
    }
}
