package org.hares.data.hares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.hares.data.DatasetSelection;
import org.hares.data.Domain;
import org.hares.data.HeadType;
import org.hares.data.Metric;
import org.hares.data.Split;
import org.hares.data.TaskRef;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;
import org.hares.testing.datasets.Esc50Fixture;
import org.hares.testing.datasets.HaresFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry against the paper's Table 1 and App. A and tasks.md's decisions. */
class HaresTasksTest {

    @Test
    void twelveIdsInPaperOrder() {
        assertThat(HaresTasks.ids()).containsExactly("audioset", "birdsong", "tut18", "esc50", "speech_commands_v1",
                "speech_commands_v2", "fluent_speech_commands", "voxforge", "voxceleb1", "nsynth_instrument", "nsynth_pitch",
                "magnatagatune");
        assertThat(HaresTasks.specs()).extracting(TaskSpec::id).isEqualTo(HaresTasks.ids());
    }

    @Test
    void table1ClassCountsMetricsAndDomains() {
        // paper Table 1: classes, metric, domain (FSC: 31 intents = 6 x 14 x 4 slot values, 3 heads)
        List<TaskSpec> specs = HaresTasks.specs();
        assertThat(specs).extracting(s -> s.labelSpaces().stream().mapToInt(l -> l.size()).reduce(1, (a, b) -> a * b))
                .containsExactly(527, 2, 10, 50, 12, 35, 6 * 14 * 4, 6, 1251, 11, 128, 50);
        assertThat(specs).extracting(TaskSpec::metric).containsExactly(Metric.MAP, Metric.ACCURACY, Metric.ACCURACY,
                Metric.ACCURACY, Metric.ACCURACY, Metric.ACCURACY, Metric.ACCURACY, Metric.ACCURACY, Metric.ACCURACY,
                Metric.ACCURACY, Metric.ACCURACY, Metric.MAP);
        assertThat(specs).extracting(TaskSpec::domain).containsExactly(Domain.ENVIRONMENT, Domain.ENVIRONMENT,
                Domain.ENVIRONMENT, Domain.ENVIRONMENT, Domain.SPEECH, Domain.SPEECH, Domain.SPEECH, Domain.SPEECH,
                Domain.SPEECH, Domain.MUSIC, Domain.MUSIC, Domain.MUSIC);
        assertThat(specs).extracting(TaskSpec::head).containsExactly(HeadType.MLP_512, HeadType.SOFTMAX, HeadType.SOFTMAX,
                HeadType.SVM, HeadType.SOFTMAX, HeadType.SOFTMAX, HeadType.SLOTS, HeadType.SOFTMAX, HeadType.SOFTMAX,
                HeadType.SOFTMAX, HeadType.SOFTMAX, HeadType.SIGMOID);
        assertThat(specs).extracting(TaskSpec::multiLabel).containsExactly(true, false, false, false, false, false, false,
                false, false, false, false, true);
    }

    @Test
    void appendixACropsWindowsAndSchedules() {
        List<TaskSpec> specs = HaresTasks.specs();
        assertThat(specs).extracting(TaskSpec::trainCropSeconds).containsExactly(3.0, 1.0, 5.0, 5.0, 1.0, 1.0, 3.0, 3.0, 3.0,
                4.0, 1.0, 3.0);
        assertThat(specs.get(0).evalWindowing()).isEqualTo(new Windowing.EquallySpaced(10, 3.0));
        assertThat(specs.get(10).evalWindowing()).isEqualTo(new Windowing.Consecutive(1.0));
        assertThat(specs).extracting(TaskSpec::steps).containsExactly(200_000, 400_000, 400_000, 0, 400_000, 400_000,
                400_000, 400_000, 400_000, 400_000, 400_000, 20_000);
        assertThat(specs).extracting(TaskSpec::batchSize).containsExactly(128, 64, 64, 0, 64, 64, 64, 64, 64, 64, 64, 128);
    }

    @Test
    void variantsAndDefaults() {
        assertThat(HaresTasks.spec(TaskRef.parse("speech_commands_v1")).ref().variant()).isEqualTo("tfds");
        assertThat(HaresTasks.spec(TaskRef.parse("speech_commands_v1:v0.01")).ref().variant()).isEqualTo("v0.01");
        assertThat(HaresTasks.spec(TaskRef.parse("voxceleb1")).ref().variant()).isEqualTo("full");
        assertThat(HaresTasks.spec(TaskRef.parse("birdsong")).ref().variant()).isEqualTo("random");
        assertThat(HaresTasks.spec(TaskRef.parse("tut18:fold1")).comparableWithPaper()).isFalse();
        assertThat(HaresTasks.spec(TaskRef.parse("tut18")).comparableWithPaper()).isFalse();
        assertThat(HaresTasks.spec(TaskRef.parse("esc50:default")).ref()).isEqualTo(new TaskRef("esc50", "default"));
        assertThat(HaresTasks.variants("tut18")).containsExactly("default", "random", "fold1");
        assertThat(HaresTasks.officialCounts(TaskRef.parse("magnatagatune")))
                .containsEntry(Split.TRAIN, 18_706).containsEntry(Split.VALID, 1_825).containsEntry(Split.TEST, 5_329);
        assertThat(HaresTasks.officialCounts(TaskRef.parse("speech_commands_v1"))).containsEntry(Split.TEST, 4_890);
        assertThat(HaresTasks.officialCounts(TaskRef.parse("speech_commands_v1:v0.01"))).containsEntry(Split.TEST, 3_081);
        assertThat(HaresTasks.officialCounts(TaskRef.parse("voxceleb1:tfds"))).containsEntry(Split.TEST, 7_972);
    }

    @Test
    void everySpecRecordsProvenance() {
        for (TaskSpec s : HaresTasks.specs()) {
            assertThat(s.provenance()).as(s.id()).containsKeys("split", "eval.averaging", "eval.last_window", "validation");
        }
    }

    @Test
    void unknownIdsAndVariantsListTheValidOnes() {
        assertThatThrownBy(() -> HaresTasks.spec(TaskRef.parse("esc10"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown task id 'esc10'").hasMessageContaining("esc50, speech_commands_v1");
        assertThatThrownBy(() -> HaresTasks.spec(TaskRef.parse("speech_commands_v1:v0.03")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown variant 'v0.03' of task 'speech_commands_v1' (valid: tfds, v0.01; default: tfds)");
    }

    @Test
    void splitFilesOnlyForBirdsongAndTut18(@TempDir Path root) {
        Esc50Fixture.write(root);
        assertThatThrownBy(() -> HaresTasks.inspect(DatasetSelection.of(TaskRef.parse("esc50"), root).withSplitFile(root.resolve("s.csv"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task 'esc50' takes no split file (only [birdsong, tut18] do)");
        assertThatThrownBy(() -> HaresTasks.inspect(DatasetSelection.of(TaskRef.parse("tut18:fold1"), root).withSplitFile(root.resolve("s.csv"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be combined with a split file");
    }

    static List<String> ids() {
        return HaresTasks.ids();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void everyTaskLoadsItsFixtureWithoutProblems(String id, @TempDir Path root) {
        HaresFixtures.write(id, root, 0.1);
        var t = HaresTasks.inspect(DatasetSelection.of(TaskRef.parse(id), root));
        assertThat(t.clips()).as(id).isNotEmpty();
        assertThat(t.report().missing()).as(id).isEmpty();
        assertThat(t.clips().stream().map(c -> c.id()).distinct().count()).as(id).isEqualTo(t.clips().size());
        assertThat(t.spec()).isEqualTo(id.equals("fluent_speech_commands") ? t.spec() : HaresTasks.spec(TaskRef.parse(id)));
    }
}
