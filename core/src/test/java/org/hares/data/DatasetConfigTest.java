package org.hares.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetConfigTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("datasets.yaml"), text);
    }

    @Test
    void readsShortAndLongEntriesWithRelativePaths() throws IOException {
        Path file = yaml("""
                seed: 3
                tasks:
                  esc50: /data/ESC-50-master
                  speech_commands_v1:v0.01: sc
                  birdsong:
                    root: /data/birdsong
                    split_file: splits/birdsong.csv
                  tut18:fold1:
                    root: tut
                    skip_bad_files: true
                    train_fraction: 0.7
                """);
        List<DatasetSelection> s = DatasetConfig.load(file);
        assertThat(s).containsExactly(
                new DatasetSelection(new TaskRef("esc50", "default"), Path.of("/data/ESC-50-master"), Optional.empty(), 3, false),
                new DatasetSelection(new TaskRef("speech_commands_v1", "v0.01"), dir.resolve("sc"), Optional.empty(), 3, false),
                new DatasetSelection(new TaskRef("birdsong", "default"), Path.of("/data/birdsong"),
                        Optional.of(dir.resolve("splits/birdsong.csv")), 3, false),
                new DatasetSelection(new TaskRef("tut18", "fold1"), dir.resolve("tut"), Optional.empty(), 3, true, 0.7));
    }

    @Test
    void errorsNameTheFileAndTheKey() throws IOException {
        assertThatThrownBy(() -> DatasetConfig.load(yaml("tasks:\n  esc50:\n    rooot: /x\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datasets.yaml: tasks.esc50: unknown key 'rooot'");
        assertThatThrownBy(() -> DatasetConfig.load(yaml("tasks:\n  esc50:\n    split_file: a.csv\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tasks.esc50: 'root' (the dataset folder) is required");
        assertThatThrownBy(() -> DatasetConfig.load(yaml("seed: x\ntasks: {}\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed must be a number, found 'x'");
        assertThatThrownBy(() -> DatasetConfig.load(yaml("tasks: [esc50]\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tasks' must be a mapping");
        assertThatThrownBy(() -> DatasetConfig.load(yaml("tasks:\n  Esc50: /x\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed task reference 'Esc50:default'");
        assertThatThrownBy(() -> DatasetConfig.load(yaml("tasks: {esc50: /x\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed YAML");
        assertThatThrownBy(() -> DatasetConfig.load(dir.resolve("absent.yaml")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config file not found");
    }

    @Test
    void parsesTheTaskOptionSyntax() {
        assertThat(DatasetSelection.parse("speech_commands_v1:v0.01=/data/sc")).isEqualTo(
                new DatasetSelection(new TaskRef("speech_commands_v1", "v0.01"), Path.of("/data/sc"), Optional.empty(), 0, false));
        assertThat(DatasetSelection.parse("esc50=/a=b").root()).isEqualTo(Path.of("/a=b"));
        assertThatThrownBy(() -> DatasetSelection.parse("esc50")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed task selection 'esc50' (expected ID[:VARIANT]=DIR)");
        assertThatThrownBy(() -> DatasetSelection.parse("esc50=/x").withTrainFraction(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("train fraction must be in (0, 1), got 1.0");
    }

    @Test
    void readsAListOfHearTaskFoldersBesideTheTasks() throws IOException {
        Path file = yaml("""
                skip_bad_files: true
                hear:
                  - hear/esc50-v2.0.0-full
                  - /data/hear/nsynth_pitch-v2.2.3-5h
                tasks:
                  esc50: /data/ESC-50-master
                """);
        List<DatasetSelection> s = DatasetConfig.load(file);
        assertThat(s).extracting(DatasetSelection::isHear).containsExactly(true, true, false);
        assertThat(s.get(0).root()).isEqualTo(dir.resolve("hear/esc50-v2.0.0-full"));
        assertThat(s.get(0).ref()).hasToString("hear:esc50-v2.0.0-full:default");
        assertThat(s.get(1).skipBadFiles()).isTrue();
        assertThat(DatasetConfig.load(yaml("hear: [a]\n"))).singleElement().satisfies(x -> assertThat(x.isHear()).isTrue());
        assertThatThrownBy(() -> DatasetConfig.load(yaml("hear: a\n"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hear' must be a list of HEAR task folders");
    }
}
