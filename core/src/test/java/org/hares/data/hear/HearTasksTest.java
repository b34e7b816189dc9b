package org.hares.data.hear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hares.data.Clip;
import org.hares.data.DatasetLayoutException;
import org.hares.data.DatasetSelection;
import org.hares.data.HeadType;
import org.hares.data.Labels;
import org.hares.data.LoadedTask;
import org.hares.data.Metric;
import org.hares.data.Split;
import org.hares.data.Task;
import org.hares.data.TaskRef;
import org.hares.data.Windowing;
import org.hares.testing.WavFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HEAR task folders as hear-preprocess writes them, read by {@link HearTasks}; each malformed part refused by name. */
class HearTasksTest {

    @TempDir
    Path tmp;

    /** A HEAR task folder: metadata, vocabulary, split JSON files and one 0.5-s WAV per listed file. */
    static Path hearTask(Path dir, String metadata, String vocabulary, Map<String, String> splitJson) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("task_metadata.json"), metadata);
        Files.writeString(dir.resolve("labelvocabulary.csv"), vocabulary);
        for (Map.Entry<String, String> e : splitJson.entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".json"), e.getValue());
            Path audio = Files.createDirectories(dir.resolve("16000").resolve(e.getKey()));
            for (String file : com.google.gson.JsonParser.parseString(e.getValue()).getAsJsonObject().keySet()) {
                WavFiles.pcm16(audio.resolve(file), 16000, new float[8000]);
            }
        }
        return dir;
    }

    private static final String VOCAB = "idx,label\n0,dog\n1,cat\n2,bird\n";

    private Path trainValTest() throws IOException {
        return hearTask(tmp.resolve("pets-v1.0-full"), """
                {"task_name": "pets", "version": "v1.0", "mode": "full", "embedding_type": "scene",
                 "prediction_type": "multiclass", "split_mode": "trainvaltest", "sample_duration": 0.5,
                 "evaluation": ["top1_acc"], "download_urls": [{"split": "train", "url": "x"}],
                 "splits": ["train", "valid", "test"]}""", VOCAB, Map.of(
                "train", "{\"a.wav\": [\"dog\"], \"b.wav\": [\"cat\"], \"c.wav\": [\"bird\"]}",
                "valid", "{\"d.wav\": [\"cat\"]}",
                "test", "{\"e.wav\": [\"bird\"], \"f.wav\": [\"dog\"]}"));
    }

    @Test
    void readsATrainValTestMulticlassTaskWithOneWindowPerClip() throws IOException {
        Path dir = trainValTest();
        Task task = HearTasks.load(DatasetSelection.parse("hear:" + dir));
        assertThat(task.spec().ref()).isEqualTo(new TaskRef("hear:pets", "v1.0-full"));
        assertThat(task.spec().ref()).hasToString("hear:pets:v1.0-full");
        assertThat(task.spec().domain()).isNull();
        assertThat(task.spec().metric()).isEqualTo(Metric.ACCURACY);
        assertThat(task.spec().head()).isEqualTo(HeadType.SOFTMAX);
        assertThat(task.spec().classes().classes()).containsExactly("dog", "cat", "bird");
        assertThat(task.spec().evalWindowing()).isEqualTo(new Windowing.Consecutive(0.5));
        assertThat(task.spec().trainCropSeconds()).isEqualTo(0.5);
        assertThat(task.spec().comparableWithPaper()).isFalse();
        assertThat(task.clips(Split.TRAIN)).extracting(Clip::id).containsExactly("train/a.wav", "train/b.wav", "train/c.wav");
        assertThat(task.clips(Split.TRAIN)).extracting(Clip::labels)
                .containsExactly(new Labels.Single(0), new Labels.Single(1), new Labels.Single(2));
        assertThat(task.clips(Split.VALID)).singleElement().satisfies(c -> assertThat(c.file()).isEqualTo(dir.resolve("16000/valid/d.wav")));
        assertThat(task.clips(Split.TEST)).hasSize(2);
        assertThat(task.folds()).isZero();
        assertThat(task.validatesOnNextFold()).isFalse();
    }

    @Test
    void readsAKFoldMultilabelTaskAsRotatingFoldsAndMapsHearMetricNames() throws IOException {
        Path dir = hearTask(tmp.resolve("tags"), """
                {"task_name": "tags", "version": "v2", "mode": "5h", "embedding_type": "scene",
                 "prediction_type": "multilabel", "split_mode": "new_split_kfold", "nfolds": 3, "sample_duration": 0.5,
                 "evaluation": ["mAP", "d_prime", "chroma_acc"]}""", VOCAB, Map.of(
                "fold00", "{\"a.wav\": [\"dog\", \"cat\"], \"b.wav\": []}",
                "fold01", "{\"c.wav\": [\"bird\"]}",
                "fold02", "{\"d.wav\": [\"cat\", \"bird\"]}"));
        Task task = HearTasks.load(DatasetSelection.hear(dir));
        assertThat(task.spec().metric()).isEqualTo(Metric.MAP);
        assertThat(task.spec().head()).isEqualTo(HeadType.SIGMOID);
        assertThat(task.spec().multiLabel()).isTrue();
        assertThat(task.spec().provenance()).containsEntry("hear.metrics_not_computed", "chroma_acc");
        assertThat(task.folds()).isEqualTo(3);
        assertThat(task.validatesOnNextFold()).isTrue();
        assertThat(task.clips()).extracting(Clip::split).containsOnly(Split.TRAIN);
        assertThat(task.clips()).extracting(Clip::id, Clip::fold, Clip::labels).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fold00/a.wav", 1, new Labels.Multi(new int[] {0, 1})),
                org.assertj.core.groups.Tuple.tuple("fold00/b.wav", 1, new Labels.Multi(new int[0])),
                org.assertj.core.groups.Tuple.tuple("fold01/c.wav", 2, new Labels.Multi(new int[] {2})),
                org.assertj.core.groups.Tuple.tuple("fold02/d.wav", 3, new Labels.Multi(new int[] {1, 2})));
    }

    @Test
    void untrimmedClipsAreOneWindowAsLongAsTheLongestClip() throws IOException {
        Path dir = trainValTest();
        Path meta = dir.resolve("task_metadata.json");
        Files.writeString(meta, Files.readString(meta).replace("\"sample_duration\": 0.5", "\"sample_duration\": null"));
        WavFiles.pcm16(dir.resolve("16000/test/e.wav"), 16000, new float[12000]);
        Task task = HearTasks.load(DatasetSelection.hear(dir));
        assertThat(task.spec().evalWindowing()).isEqualTo(new Windowing.Consecutive(0.75));
        assertThat(task.spec().trainCropSeconds()).isEqualTo(0.75);
        assertThat(task.spec().provenance().get("hear.windowing")).contains("sample_duration null: the longest clip");
    }

    @Test
    void malformedMetadataIsRefusedNamingTheFile() throws IOException {
        Path dir = trainValTest();
        Path meta = dir.resolve("task_metadata.json");
        Files.writeString(meta, "{\"task_name\": \"pets\", ");
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir))).isInstanceOf(DatasetLayoutException.class)
                .hasMessageStartingWith(meta + ": malformed JSON");
        Files.writeString(meta, "{\"task_name\": \"pets\", \"embedding_type\": \"scene\", \"prediction_type\": \"multiclass\","
                + " \"split_mode\": \"trainvaltest\"}");
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir)))
                .hasMessage(meta + ": sample_duration must be a positive number of seconds or null, found none");
        Files.writeString(meta, "{\"task_name\": \"pets\", \"embedding_type\": \"event\", \"prediction_type\": \"multilabel\","
                + " \"split_mode\": \"trainvaltest\", \"sample_duration\": 120}");
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir))).hasMessageStartingWith(meta
                + ": embedding_type 'event' (a timestamp task) is not supported yet");
        Files.writeString(meta, "{\"task_name\": \"pets\", \"embedding_type\": \"scene\", \"prediction_type\": \"regression\","
                + " \"split_mode\": \"trainvaltest\", \"sample_duration\": 1}");
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir)))
                .hasMessage(meta + ": prediction_type 'regression' is not one of [multiclass, multilabel]");
        Files.writeString(meta, "{\"task_name\": \"pets\", \"embedding_type\": \"scene\", \"prediction_type\": \"multiclass\","
                + " \"split_mode\": \"new_split_kfold\", \"sample_duration\": 1, \"splits\": [\"fold00\", \"fold01\"]}");
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir))).hasMessage(meta + ": splits [fold00, fold01] do not fit "
                + "split_mode new_split_kfold (expected fold00, fold01, ... (at least three: a test, a validation and a training fold))");
        Files.delete(meta);
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir))).hasMessageStartingWith(meta + ": not found");
    }

    @Test
    void aLabelOutsideTheVocabularyIsRefusedNamingTheSplitFileAndLabel() throws IOException {
        Path dir = trainValTest();
        Files.writeString(dir.resolve("test.json"), "{\"e.wav\": [\"fish\"], \"f.wav\": [\"dog\"]}");
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir))).isInstanceOf(DatasetLayoutException.class)
                .hasMessage(dir.resolve("test.json") + ": file 'e.wav': label 'fish' is not in labelvocabulary.csv");
        Files.writeString(dir.resolve("test.json"), "{\"e.wav\": [\"bird\", \"dog\"], \"f.wav\": [\"dog\"]}");
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir)))
                .hasMessage(dir.resolve("test.json") + ": file 'e.wav': a multiclass task needs exactly one label, found [bird, dog]");
        Files.writeString(dir.resolve("labelvocabulary.csv"), "idx,label\n0,dog\n2,cat\n");
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir)))
                .hasMessage(dir.resolve("labelvocabulary.csv") + ": line 3: expected idx 1 and a label, found '2,cat'");
    }

    @Test
    void aListedButAbsentAudioFileIsAnErrorUnlessSkippedAndCheckListsIt() throws IOException {
        Path dir = trainValTest();
        Path absent = dir.resolve("16000/train/b.wav");
        Files.delete(absent);
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir))).isInstanceOf(DatasetLayoutException.class)
                .hasMessageStartingWith(absent + ": listed in " + dir.resolve("train.json") + " but absent (1 listed audio file(s)");
        LoadedTask inspected = HearTasks.inspect(DatasetSelection.hear(dir));
        assertThat(inspected.report().missing()).singleElement().satisfies(m -> assertThat(m.file()).isEqualTo(absent));
        assertThat(inspected.report().hasErrors()).isTrue();
        Task skipped = HearTasks.load(DatasetSelection.hear(dir).withSkipBadFiles(true));
        assertThat(skipped.clips(Split.TRAIN)).extracting(Clip::id).containsExactly("train/a.wav", "train/c.wav");
    }

    @Test
    void onlyThe16kHzAudioFolderIsRead() throws IOException {
        Path dir = trainValTest();
        Files.move(dir.resolve("16000"), dir.resolve("48000"));
        assertThatThrownBy(() -> HearTasks.load(DatasetSelection.hear(dir)))
                .hasMessage(dir.resolve("16000") + ": no 16 kHz audio folder (hares reads HEAR's 16000 Hz copy; found 48000)");
    }

    @Test
    void hearReferencesKeepTheirPrefixWhenParsed() {
        assertThat(TaskRef.parse("hear:esc50:v2.0.0-full")).isEqualTo(new TaskRef("hear:esc50", "v2.0.0-full"));
        assertThat(TaskRef.parse("hear:esc50").isHear()).isTrue();
        assertThat(TaskRef.parse("esc50:default").isHear()).isFalse();
        assertThatThrownBy(() -> new TaskRef("Esc50", "default")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DatasetSelection.parse("hear:/data/tasks/esc50-v2.0.0-full").ref())
                .isEqualTo(new TaskRef("hear:esc50-v2.0.0-full", "default"));
        assertThatThrownBy(() -> DatasetSelection.parse("hear:")).hasMessageContaining("expected hear:DIR");
    }

    @Test
    void theLayoutNamesSplitsFilesAndLabelsAsHearDoes() throws IOException {
        Task task = HearTasks.load(DatasetSelection.hear(trainValTest()));
        HearLayout layout = HearLayout.of(task);
        assertThat(layout.splits()).containsExactly("train", "valid", "test");
        assertThat(layout.vocabulary()).containsExactly("dog", "cat", "bird");
        Clip e = task.clips(Split.TEST).get(0);
        assertThat(layout.fileName(e)).isEqualTo("e.wav");
        assertThat(layout.labelsOf(e)).containsExactly("bird");
        HearMetadata meta = layout.metadata(0.5);
        assertThat(meta.folderName()).isEqualTo("pets-v1.0-full");
        assertThat(meta.evaluation()).containsExactly("top1_acc");
        assertThat(List.of(meta.splitMode(), meta.predictionType()))
                .containsExactly(HearMetadata.SplitMode.TRAINVALTEST, HearMetadata.PredictionType.MULTICLASS);
    }
}
