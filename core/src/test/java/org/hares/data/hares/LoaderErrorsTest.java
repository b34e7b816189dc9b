package org.hares.data.hares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.LoadedTask;
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

/** Bad input of each kind gives a typed error that names the file, the expected and the found. */
class LoaderErrorsTest {

    @TempDir
    Path root;

    private static void load(String ref, Path root) {
        HaresTasks.load(DatasetSelection.of(TaskRef.parse(ref), root));
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(s).contains(from);
        Files.writeString(file, s.replace(from, to), StandardCharsets.UTF_8);
    }

    // --- missing metadata -------------------------------------------------------------------

    @Test
    void missingMetadataNamesTheExpectedPath() throws IOException {
        Esc50Fixture.write(root);
        Files.delete(root.resolve("meta/esc50.csv"));
        assertThatThrownBy(() -> load("esc50", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining(root.resolve("meta/esc50.csv").toString())
                .hasMessageContaining("missing ESC-50 metadata table");
    }

    @Test
    void missingSpeechCommandsTestArchiveNamesTheFolder() throws IOException {
        SpeechCommandsFixture.write(root);
        deleteTree(root.resolve("speech_commands_test_set_v0.02"));
        assertThatThrownBy(() -> load("speech_commands_v1", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("expected the folder " + root.resolve("speech_commands_test_set_v0.02"));
    }

    @Test
    void missingNSynthSplitNamesExamplesJson() throws IOException {
        NSynthFixture.write(root);
        Files.delete(root.resolve("nsynth-valid/examples.json"));
        assertThatThrownBy(() -> load("nsynth_pitch", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining(root.resolve("nsynth-valid/examples.json").toString());
    }

    @Test
    void missingVoxCelebTreesNameTheCandidates() throws IOException {
        VoxCelebFixture.write(root);
        deleteTree(root.resolve("vox1_dev_wav"));
        assertThatThrownBy(() -> load("voxceleb1:tfds", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("vox1_dev_wav/wav").hasMessageContaining("vox_dev_wav/wav");
    }

    @Test
    void rootThatIsNotAFolder() {
        Path nowhere = root.resolve("nowhere");
        assertThatThrownBy(() -> load("esc50", nowhere)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageStartingWith(nowhere.toString()).hasMessageContaining("not a folder");
    }

    // --- wrong columns ----------------------------------------------------------------------

    @Test
    void wrongColumnsNameTheMissingColumnAndTheHeaderFound() throws IOException {
        Esc50Fixture.write(root);
        replace(root.resolve("meta/esc50.csv"), "filename,fold,target,category", "file,fold,target,category");
        assertThatThrownBy(() -> load("esc50", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining(root.resolve("meta/esc50.csv").toString())
                .hasMessageContaining("missing column 'filename'")
                .hasMessageContaining("found [file, fold, target, category");
    }

    @Test
    void missingTagColumnInMagnaTagATune() throws IOException {
        MagnaTagATuneFixture.write(root);
        replace(root.resolve("annotations_final.csv"), "\"female voice\"", "\"female-voice\"");
        assertThatThrownBy(() -> load("magnatagatune", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("annotations_final.csv").hasMessageContaining("missing column 'female voice'");
    }

    @Test
    void shortRowNamesTheLine() throws IOException {
        FluentSpeechCommandsFixture.write(root);
        Path csv = root.resolve("data/valid_data.csv");
        Files.writeString(csv, Files.readString(csv) + "1,wavs/x.wav,spk\n");
        assertThatThrownBy(() -> load("fluent_speech_commands", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining(csv.toString()).hasMessageContaining("line 3: has 3 fields, the header has 7");
    }

    @Test
    void malformedVoxCelebSplitLine() throws IOException {
        VoxCelebFixture.write(root);
        Files.writeString(root.resolve("iden_split.txt"), "4 id10001/x/00001.wav\n");
        assertThatThrownBy(() -> load("voxceleb1", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("iden_split.txt: line 1: expected '<1|2|3> idXXXXX/<youtube_id>/<nnnnn>.wav', found '4 id10001/x/00001.wav'");
    }

    @Test
    void malformedNSynthJsonNamesTheLine() throws IOException {
        NSynthFixture.write(root);
        Files.writeString(root.resolve("nsynth-test/examples.json"), "{\n \"a\": {\"pitch\": 3,,}\n}");
        assertThatThrownBy(() -> load("nsynth_instrument", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("nsynth-test/examples.json: malformed JSON at line 2");
    }

    // --- labels outside the class list ------------------------------------------------------

    @Test
    void esc50CategoryNotMatchingTarget() throws IOException {
        Esc50Fixture.write(root);
        replace(root.resolve("meta/esc50.csv"), "1-100038-A-1.wav,1,1,rooster", "1-100038-A-1.wav,1,1,chicken");
        assertThatThrownBy(() -> load("esc50", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("esc50.csv: line 3: category 'chicken' does not match target 1 (expected 'rooster')");
    }

    @Test
    void esc50TargetOutOfRange() throws IOException {
        Esc50Fixture.write(root);
        replace(root.resolve("meta/esc50.csv"), "1-100038-A-1.wav,1,1,", "1-100038-A-1.wav,1,50,");
        assertThatThrownBy(() -> load("esc50", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("column 'target': expected 0 to 49, found 50");
    }

    @Test
    void audioSetUnknownMid() throws IOException {
        AudioSetFixture.write(root);
        replace(root.resolve("eval_segments.csv"), "/m/0bt9lr", "/m/nope");
        assertThatThrownBy(() -> load("audioset", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("eval_segments.csv: line 5: label '/m/nope' is not one of the 527 classes");
    }

    @Test
    void audioSetNonOfficialClassIndex() throws IOException {
        AudioSetFixture.write(root);
        replace(root.resolve("class_labels_indices.csv"), "1,/m/05zppz,", "1,/m/zzz,");
        assertThatThrownBy(() -> load("audioset", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("class_labels_indices.csv: class 1: expected mid /m/05zppz, found /m/zzz");
    }

    @Test
    void fluentSlotValueNotInTrain() throws IOException {
        FluentSpeechCommandsFixture.write(root);
        replace(root.resolve("data/test_data.csv"), "decrease,heat,kitchen", "decrease,heat,garage");
        assertThatThrownBy(() -> load("fluent_speech_commands", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("test_data.csv: line 2: location 'garage' is not among the train_data.csv values [kitchen, none]");
    }

    @Test
    void speechCommandsV2UnknownWordFolder() {
        SpeechCommandsFixture.write(root);
        org.hares.testing.datasets.Wav.tone(root.resolve("speech_commands_v0.02/banana/a.wav"), 16_000, 0.1, 300);
        assertThatThrownBy(() -> load("speech_commands_v2", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("folder 'banana' is not one of the 35 Speech Commands v2 words");
    }

    @Test
    void nsynthFamilyOutsideTheList() throws IOException {
        NSynthFixture.write(root);
        replace(root.resolve("nsynth-train/examples.json"), "\"instrument_family_str\": \"bass\"", "\"instrument_family_str\": \"kazoo\"");
        assertThatThrownBy(() -> load("nsynth_instrument", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("note 'bass_synthetic_033-022-050': instrument_family_str 'kazoo' is not one of [bass, brass");
    }

    @Test
    void voxCelebSpeakerOutsideTheList() throws IOException {
        VoxCelebFixture.write(root);
        Files.writeString(root.resolve("iden_split.txt"), "1 id20001/x/00001.wav\n");
        assertThatThrownBy(() -> load("voxceleb1", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("speaker of 'id20001/x/00001.wav' is not one of id10001-id11251");
    }

    @Test
    void tut18UnknownScene() throws IOException {
        Tut18Fixture.write(root);
        replace(root.resolve("meta.csv"), "audio/park-helsinki-5-9-a.wav\tpark", "audio/park-helsinki-5-9-a.wav\tbeach");
        assertThatThrownBy(() -> load("tut18", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("meta.csv: line 11: scene_label 'beach' is not one of [airport, bus");
    }

    @Test
    void voxForgeUnknownLanguage() throws IOException {
        VoxForgeFixture.write(root);
        Files.writeString(root.resolve("voxforge_urls.txt"), "http://host/downloads/nl/Trunk/Audio/Main/16kHz_16bit/x-1-a.tgz\n");
        assertThatThrownBy(() -> load("voxforge", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("voxforge_urls.txt: line 1: language 'nl'");
    }

    @Test
    void magnaTagATuneNonBinaryTag() throws IOException {
        MagnaTagATuneFixture.write(root);
        Path csv = root.resolve("annotations_final.csv");
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.set(1, lines.get(1).replaceFirst("\"2\"\t\"0\"\t\"1\"", "\"2\"\t\"0\"\t\"yes\""));
        Files.write(csv, lines);
        assertThatThrownBy(() -> load("magnatagatune", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("line 2: tag 'guitar': expected 0 or 1, found 'yes'");
    }

    // --- audio listed but absent ------------------------------------------------------------

    @Test
    void listedButAbsentAudioNamesTheFileAndTheList() throws IOException {
        NSynthFixture.write(root);
        Path gone = root.resolve("nsynth-test/audio/brass_acoustic_046-000-050.wav");
        Files.delete(gone);
        assertThatThrownBy(() -> load("nsynth_pitch", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageStartingWith(gone.toString())
                .hasMessageContaining("listed in " + root.resolve("nsynth-test/examples.json"))
                .hasMessageContaining("1 listed audio file(s) absent").hasMessageContaining("--skip-bad-audio");
    }

    @Test
    void inspectListsEveryAbsentFileWithoutThrowing() throws IOException {
        VoxCelebFixture.write(root);
        Files.delete(root.resolve("vox1_test_wav/wav/id10270/5r0dWxy17C8/00001.wav"));
        Files.delete(root.resolve("vox1_dev_wav/wav/id10002/C7k7C-PDvAA/00001.wav"));
        LoadedTask t = HaresTasks.inspect(DatasetSelection.of(TaskRef.parse("voxceleb1"), root));
        assertThat(t.report().missing()).hasSize(2);
        assertThat(t.report().hasErrors()).isTrue();
        assertThat(t.clips()).hasSize(4);
    }

    @Test
    void listedButAbsentSpeechCommandsListEntry() throws IOException {
        SpeechCommandsFixture.write(root);
        Files.writeString(root.resolve("speech_commands_v0.02/testing_list.txt"), "no/t_nohash_0.wav\nno/gone.wav\n");
        assertThatThrownBy(() -> load("speech_commands_v2", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageStartingWith(root.resolve("speech_commands_v0.02/no/gone.wav").toString())
                .hasMessageContaining("testing_list.txt");
    }

    @Test
    void voxForgeArchiveNotExtracted() throws IOException {
        VoxForgeFixture.write(root);
        String rel = VoxForgeFixture.relativePath("fr", "carl-20100101-eee");
        deleteTree(root.resolve(rel.replace(".tgz", "")));
        assertThatThrownBy(() -> load("voxforge", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageStartingWith(root.resolve(rel).toString()).hasMessageContaining("archive not extracted")
                .hasMessageContaining("tar xzf");
        LoadedTask skipped = (LoadedTask) HaresTasks.load(DatasetSelection.of(TaskRef.parse("voxforge"), root).withSkipBadFiles(true));
        assertThat(skipped.report().notes()).containsEntry("archives not extracted (skipped)", 1L);
        assertThat(skipped.clips()).hasSize(22);
    }

    // --- duplicate ids ----------------------------------------------------------------------

    @Test
    void duplicateIdInEsc50() throws IOException {
        Esc50Fixture.write(root);
        Path csv = root.resolve("meta/esc50.csv");
        Files.writeString(csv, Files.readString(csv) + "1-100032-A-0.wav,1,0,dog,True,100032,A\n");
        assertThatThrownBy(() -> load("esc50", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining(csv + ": duplicate clip id '1-100032-A-0.wav'");
    }

    @Test
    void duplicateSegmentAcrossAudioSetLists() throws IOException {
        AudioSetFixture.write(root);
        Path eval = root.resolve("eval_segments.csv");
        Files.writeString(eval, Files.readString(eval) + "--PJHxphWEs, 30.000, 40.000, \"/m/09x0r\"\n");
        assertThatThrownBy(() -> load("audioset", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("eval_segments.csv: duplicate clip id '--PJHxphWEs_30.000'");
    }

    @Test
    void duplicateInSplitFile() throws IOException {
        BirdsongFixture.write(root);
        Path split = BirdsongFixture.writeSplitFile(root.resolve("split.csv"));
        Files.writeString(split, Files.readString(split) + "ff1010bird/wav/64486.wav,test\n");
        assertThatThrownBy(() -> HaresTasks.load(DatasetSelection.of(TaskRef.parse("birdsong"), root).withSplitFile(split)))
                .isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("split.csv: line 14: duplicate file 'ff1010bird/wav/64486.wav'");
    }

    @Test
    void splitFileWithUnknownClipOrSplit() throws IOException {
        Tut18Fixture.write(root);
        Path split = root.resolve("split.csv");
        Files.writeString(split, "file,split\naudio/nope.wav,train\n");
        DatasetSelection sel = DatasetSelection.of(TaskRef.parse("tut18"), root).withSplitFile(split);
        assertThatThrownBy(() -> HaresTasks.load(sel)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("'audio/nope.wav' is not a clip of this dataset");
        Files.writeString(split, "file,split\naudio/park-helsinki-5-9-a.wav,holdout\n");
        assertThatThrownBy(() -> HaresTasks.load(sel)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("unknown split 'holdout' (expected train, valid or test)");
    }

    @Test
    void duplicateInFoldList() throws IOException {
        Tut18Fixture.write(root);
        Path list = root.resolve("evaluation_setup/fold1_evaluate.txt");
        Files.writeString(list, Files.readString(list) + "audio/airport-barcelona-0-0-a.wav\tairport\n");
        assertThatThrownBy(() -> load("tut18:fold1", root)).isInstanceOf(DatasetLayoutException.class)
                .hasMessageContaining("fold1_evaluate.txt: line 5: 'audio/airport-barcelona-0-0-a.wav' is listed twice in fold1");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
