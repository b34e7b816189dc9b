package org.hares.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.hares.io.Npz;
import org.hares.model.ModelArchitecture;
import org.hares.model.weights.HaikuCheckpoint;
import org.hares.testing.datasets.HaresFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End-to-end pretraining runs on {@code slowfast-test}: learning, resuming, refusing, diverging. */
class PretrainerTest {

    @TempDir
    Path tmp;

    @Test
    void simclrLossDecreasesAndTheBackboneLoadsAsACheckpoint() throws IOException {
        Path audio = TrainFixtures.audioFolder(tmp.resolve("audio"), 8);
        PretrainConfig config = TrainFixtures.config(Objective.SIMCLR, List.of(), audio, 30);
        Pretrainer.Result r = Pretrainer.start(tmp.resolve("run"), config, null, (s, l) -> { });
        List<Float> losses = losses(tmp.resolve("run"));
        assertThat(losses).hasSize(30);
        assertThat(mean(losses.subList(25, 30))).isLessThan(mean(losses.subList(0, 5)) * 0.95f);
        assertThat(r.backbone()).exists();
        var block = ModelArchitecture.SLOWFAST_TEST.newBlock();
        assertThat(HaikuCheckpoint.readChecked(r.backbone(), block, "slowfast-test")).hasSize(block.haikuParameters().size());
        assertThat(tmp.resolve("run/djl/slowfast-test-0000.params")).exists();
        assertThat(Files.readString(tmp.resolve("run/metrics.csv"))).startsWith(RunDirectory.METRICS_HEADER + "\n1,");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsynth_instrument", "magnatagatune", "fluent_speech_commands"})
    void supervisedLossDecreasesForSoftmaxSigmoidAndSlotHeads(String task) throws IOException {
        Path root = HaresFixtures.write(task, tmp.resolve(task), 1.0);
        PretrainConfig config = TrainFixtures.config(Objective.SUPERVISED, List.of(task + "=" + root), null, 25);
        Pretrainer.start(tmp.resolve("run"), config, null, (s, l) -> { });
        List<Float> losses = losses(tmp.resolve("run"));
        assertThat(losses).hasSize(25);
        assertThat(mean(losses.subList(20, 25))).isLessThan(mean(losses.subList(0, 5)) * 0.95f);
    }

    @Test
    void anInterruptedRunResumedToTheEndHasTheLossesOfAnUninterruptedOne() throws IOException {
        Path audio = TrainFixtures.audioFolder(tmp.resolve("audio"), 6);
        // micro-batch 3 < 8 views: the cached-gradient path, with mixing and stochastic depth on
        PretrainConfig config = TrainFixtures.with(TrainFixtures.config(Objective.SIMCLR, List.of(), audio, 7), 4, 3, 3, 1e-3, 0.1);
        Pretrainer.start(tmp.resolve("whole"), config, null, (s, l) -> { });
        Path cut = tmp.resolve("cut");
        assertThatThrownBy(() -> Pretrainer.start(cut, config, null, (s, l) -> {
            if (s == 5) {
                throw new IllegalStateException("killed after step 5");
            }
        })).hasMessageContaining("killed");
        // steps 4 and 5 were logged after the checkpoint of step 3; they are recomputed
        assertThat(losses(cut)).hasSize(5);
        Pretrainer.Result resumed = Pretrainer.resume(cut, null, (s, l) -> { });
        assertThat(resumed.firstStep()).isEqualTo(3);
        assertThat(losses(cut)).containsExactlyElementsOf(losses(tmp.resolve("whole")));
        assertThat(Npz.read(cut.resolve("backbone.npz"))).isEqualTo(Npz.read(tmp.resolve("whole/backbone.npz")));
        // a finished run: resuming does nothing
        Pretrainer.Result again = Pretrainer.resume(cut, null, (s, l) -> {
            throw new AssertionError("no step may run");
        });
        assertThat(again.lastStep()).isEqualTo(7);
    }

    @Test
    void aHalfWrittenOrCorruptCheckpointIsNeverLoaded() throws IOException {
        Path audio = TrainFixtures.audioFolder(tmp.resolve("audio"), 4);
        PretrainConfig config = TrainFixtures.with(TrainFixtures.config(Objective.SIMCLR, List.of(), audio, 4), 2, 4, 2, 1e-3, 0.1);
        Path run = tmp.resolve("run");
        Pretrainer.start(run, config, null, (s, l) -> { });
        RunDirectory dir = RunDirectory.existing(run);
        assertThat(dir.latestCheckpoint().orElseThrow().step()).isEqualTo(4);
        // a truncated parameter file in the newest checkpoint: the older one is taken
        Path newest = run.resolve("checkpoints/step-00000004/params.npz");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(dir.latestCheckpoint().orElseThrow().step()).isEqualTo(2);
        // a newer folder without its state.json (killed before the rename completes the write) is ignored
        Files.createDirectories(run.resolve("checkpoints/step-00000009"));
        Files.copy(run.resolve("checkpoints/step-00000002/params.npz"), run.resolve("checkpoints/step-00000009/params.npz"));
        Files.createDirectories(run.resolve("checkpoints/.tmp-step-00000010"));
        assertThat(dir.latestCheckpoint().orElseThrow().step()).isEqualTo(2);
        Pretrainer.Result resumed = Pretrainer.resume(run, null, (s, l) -> { });
        assertThat(resumed.firstStep()).isEqualTo(2);
        assertThat(losses(run)).hasSize(4);
    }

    @Test
    void aDivergingRunStopsNamingTheStepAndKeepsItsLastCheckpoint() throws IOException {
        Path audio = TrainFixtures.audioFolder(tmp.resolve("audio"), 4);
        PretrainConfig config = TrainFixtures.with(TrainFixtures.config(Objective.SIMCLR, List.of(), audio, 10), 2, 4, 1, 1e30, 0);
        Path run = tmp.resolve("run");
        assertThatThrownBy(() -> Pretrainer.start(run, config, null, (s, l) -> { }))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("step \\d+: the loss is (NaN|Infinity|-Infinity); stopped before updating\\. Last good "
                        + "checkpoint: .*step-\\d+\\..*");
        int failed = Integer.parseInt(Files.readAllLines(run.resolve("metrics.csv")).size() + "");
        assertThat(RunDirectory.existing(run).latestCheckpoint().orElseThrow().step()).isEqualTo(failed - 1);
    }

    @Test
    void aNonEmptyOutOfAnotherRunIsRefused() throws IOException {
        Path audio = TrainFixtures.audioFolder(tmp.resolve("audio"), 2);
        PretrainConfig config = TrainFixtures.config(Objective.SIMCLR, List.of(), audio, 1);
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> Pretrainer.start(other, config, null, (s, l) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no pretraining run");
        Path run = tmp.resolve("run");
        Pretrainer.start(run, config, null, (s, l) -> { });
        PretrainConfig different = TrainFixtures.with(config, 2, 8, 1000, 5e-4, 0.1);
        assertThatThrownBy(() -> Pretrainer.start(run, different, null, (s, l) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds another run");
        assertThat(Pretrainer.configOf(run)).isEqualTo(config);
    }

    static List<Float> losses(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1).map(l -> Float.parseFloat(l.split(",")[1]))
                .toList();
    }

    static float mean(List<Float> values) {
        return (float) IntStream.range(0, values.size()).mapToDouble(values::get).average().orElseThrow();
    }
}
