package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hares.testing.datasets.BirdsongFixture;
import org.hares.testing.datasets.Esc50Fixture;
import org.hares.testing.datasets.MagnaTagATuneFixture;
import org.hares.testing.datasets.NSynthFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hares tasks} and {@code hares check} through {@link Main#commandLine()} with captured output. */
class DatasetCommandsTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void tasksListsTheTwelveIdsWithLayouts() {
        assertThat(cli.run("tasks")).isZero();
        String s = cli.out();
        for (String id : org.hares.data.hares.HaresTasks.ids()) {
            assertThat(s).containsPattern(id + "  \\[variants?: ");
        }
        assertThat(s).contains("speech_commands_v1  [variants: tfds, v0.01; without a variant: tfds]").contains("esc50  [variant: default]")
                .contains("ROOT/iden_split.txt").contains("meta/esc50.csv")
                .contains("10 equally spaced 3-s windows (T = 301)").contains("20000 steps x batch 128")
                // T of the model input (B, T, 128, 1), what a TorchScript model must accept ("Evaluate your own model")
                .contains("train crop 5 s (T = 501), eval consecutive 5-s windows (T = 501)")
                .contains("train crop 1 s (T = 101), eval consecutive 1-s windows (T = 101)");
    }

    @Test
    void tasksShowsOneTaskWithProvenance() {
        assertThat(cli.run("tasks", "tut18:fold1")).isZero();
        assertThat(cli.out()).contains("tut18  [variants: default, random, fold1; without a variant: random]")
                .contains("not comparable with the paper").contains("official counts: {TRAIN=6122, TEST=2518}")
                .contains("split: official fold1").contains("classes 'scene' (10): airport, bus");
    }

    @Test
    void tasksRejectsUnknownVariant() {
        assertThat(cli.run("tasks", "voxceleb1:dev")).isEqualTo(2);
        assertThat(cli.err()).contains("unknown variant 'dev' of task 'voxceleb1' (valid: full, tfds; default: full)");
    }

    @Test
    void checkReportsCountsClassesAndUnexpectedFiles() {
        Path root = MagnaTagATuneFixture.write(dir.resolve("mtt"));
        org.hares.testing.datasets.Wav.tone(root.resolve("f/stray.mp3"), 16_000, 0.1, 100);
        assertThat(cli.run("check", "--task", "magnatagatune=" + root)).isZero();
        String s = cli.out();
        assertThat(s).contains("== magnatagatune:default  " + root)
                .containsPattern("train +3 +18706  smaller copy \\(18703 fewer; reported, not refused\\)")
                .containsPattern("valid +1 +1825")
                .containsPattern("choral +0 +0 +1")
                .contains("missing (listed in metadata, absent on disk): 0")
                .contains("unexpected (audio files no metadata lists): 1").contains(root.resolve("f/stray.mp3").toString())
                .contains("note: known bad clips excluded (35644, 55753, 57881): 2")
                .contains("1 of 1 dataset(s) OK");
    }

    @Test
    void checkFailsOnAbsentAndUnreadableFilesListingThem() throws IOException {
        Path root = NSynthFixture.write(dir.resolve("nsynth"));
        Files.delete(root.resolve("nsynth-train/audio/bass_synthetic_033-022-050.wav"));
        Files.write(root.resolve("nsynth-test/audio/brass_acoustic_046-000-050.wav"), new byte[0]);
        assertThat(cli.run("check", "--task", "nsynth_instrument=" + root, "--no-classes")).isEqualTo(3);
        String s = cli.out();
        assertThat(s).contains("missing (listed in metadata, absent on disk): 1")
                .contains(root.resolve("nsynth-train/audio/bass_synthetic_033-022-050.wav") + "   listed in "
                        + root.resolve("nsynth-train/examples.json"))
                .contains("unreadable (empty or not readable): 1")
                .contains("FAIL: layout errors").contains("0 of 1 dataset(s) OK");
        cli.clear();
        assertThat(cli.run("check", "--task", "nsynth_instrument=" + root, "--skip-bad-audio", "--no-classes")).isZero();
        assertThat(cli.out()).contains("(skipped as asked)");
        // the old name still works, and says what to use
        cli.clear();
        assertThat(cli.run("check", "--task", "nsynth_instrument=" + root, "--skip-bad-files", "--no-classes")).isZero();
        assertThat(cli.out()).contains("(skipped as asked)");
        assertThat(cli.err()).contains("hares: warning: --skip-bad-files is deprecated; use --skip-bad-audio");
    }

    @Test
    void checkFailsOnMissingMetadataAndGoesOn() throws IOException {
        Path esc = Esc50Fixture.write(dir.resolve("esc"));
        Files.delete(esc.resolve("meta/esc50.csv"));
        Path birds = BirdsongFixture.write(dir.resolve("birds"));
        Path split = BirdsongFixture.writeSplitFile(dir.resolve("birds.csv"));
        Path config = Files.writeString(dir.resolve("datasets.yaml"),
                "tasks:\n  esc50: esc\n  birdsong:\n    root: birds\n    split_file: birds.csv\n");
        assertThat(cli.run("check", "--config", config.toString(), "--no-classes")).isEqualTo(3);
        String s = cli.out();
        assertThat(s).contains("FAIL: " + esc.resolve("meta/esc50.csv") + ": missing ESC-50 metadata table")
                .contains("== birdsong:default  " + birds).contains("(comparable with the paper)")
                .contains("1 of 2 dataset(s) OK");
        assertThat(split).exists();
    }

    @Test
    void aTaskOptionReplacesTheConfigEntryOfTheSameTask() throws IOException {
        Path esc = Esc50Fixture.write(dir.resolve("esc"));
        Path config = Files.writeString(dir.resolve("datasets.yaml"), "tasks:\n  esc50: /nowhere\n");
        assertThat(cli.run("check", "--config", config.toString(), "--task", "esc50=" + esc, "--no-classes")).isZero();
        assertThat(cli.out()).contains("== esc50:default  " + esc).doesNotContain("/nowhere").contains("1 of 1 dataset(s) OK");
    }

    @Test
    void splitFileForATaskNotSelected() {
        assertThat(cli.run("check", "--task", "esc50=" + dir, "--split-file", "tut18=" + dir.resolve("s.csv"))).isEqualTo(2);
        assertThat(cli.err()).contains("--split-file tut18=...: no --task or config entry for 'tut18'");
    }

    @Test
    void checkWithoutDatasetsIsAUsageError() {
        assertThat(cli.run("check")).isEqualTo(2);
        assertThat(cli.err()).contains("no dataset given: use --task ID[:VARIANT]=DIR");
    }

    @Test
    void splitFileOnTheCommandLineAndFallbackMarking() {
        Path birds = BirdsongFixture.write(dir.resolve("birds"));
        assertThat(cli.run("check", "--task", "birdsong=" + birds, "--no-classes")).isZero();
        assertThat(cli.out()).contains("variant birdsong:random (NOT comparable with the paper");
        cli.clear();
        Path split = BirdsongFixture.writeSplitFile(dir.resolve("split.csv"));
        assertThat(cli.run("check", "--task", "birdsong=" + birds, "--split-file", "birdsong=" + split, "--no-classes")).isZero();
        assertThat(cli.out()).contains("variant birdsong:default (comparable with the paper)")
                .containsPattern("valid +3");
    }
}
