package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hares.testing.WavFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hares pretrain} and {@code hares bench train} from the command line: files, resume, errors and exit codes. */
class PretrainCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path audio(boolean withBadFile) throws IOException {
        Path a = Files.createDirectories(dir.resolve("audio"));
        for (int i = 0; i < 3; i++) {
            float[] x = new float[24000];
            for (int s = 0; s < x.length; s++) {
                x[s] = (float) (0.3 * Math.sin(2 * Math.PI * (200 + 150 * i) * s / 16000.0));
            }
            WavFiles.pcm16(a.resolve("tone" + i + ".wav"), 16000, x);
        }
        if (withBadFile) {
            Files.writeString(a.resolve("broken.wav"), "not audio at all");
        }
        return a;
    }

    private String[] args(Path audio, Path out, String... extra) {
        String[] base = {"pretrain", "--objective", "simclr", "--model", "slowfast-test", "--audio", audio.toString(),
            "--out", out.toString(), "--steps", "2", "--batch-size", "2", "--micro-batch", "4", "--projector-width", "32",
            "--projector-depth", "1", "--projection-dim", "16", "--threads", "1"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void writesTheRunFolderAndResumingAFinishedRunDoesNothing() throws IOException {
        Path out = dir.resolve("run");
        assertThat(cli.run(args(audio(false), out))).as(cli.err()).isZero();
        assertThat(out.resolve("config.json")).exists();
        assertThat(out.resolve("backbone.npz")).exists();
        assertThat(out.resolve("checkpoints/step-00000002/state.json")).exists();
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(3);
        assertThat(cli.err()).contains("step 2/2", "loss", "top-1", "clips/s", "ETA", "model busy");
        assertThat(cli.out()).contains("backbone.npz");
        cli.clear();
        assertThat(cli.run("pretrain", "--resume", out.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("complete");
        // the backbone is a checkpoint the other commands read
        cli.clear();
        assertThat(cli.run("model", "info", "--model", "slowfast-test", "--checkpoint", out.resolve("backbone.npz").toString()))
                .as(cli.err()).isZero();
    }

    @Test
    void badAudioFailsTheRunUnlessSkippedAndThenIsListed() throws IOException {
        Path a = audio(true);
        assertThat(cli.run(args(a, dir.resolve("strict")))).isEqualTo(3);
        assertThat(cli.err().lines()).anyMatch(l -> l.startsWith("hares: error: ") && l.contains("broken.wav"));
        cli.clear();
        assertThat(cli.run(args(a, dir.resolve("lenient"), "--skip-bad-audio"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("1 undecodable clip(s) skipped", "broken.wav");
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        Path a = audio(false);
        assertThat(cli.run("pretrain", "--objective", "byol", "--audio", a.toString(), "--out", dir.resolve("x").toString()))
                .isEqualTo(2);
        assertThat(cli.err()).contains("unknown objective 'byol'");
        cli.clear();
        assertThat(cli.run("pretrain", "--resume", dir.toString(), "--out", dir.resolve("y").toString())).isEqualTo(2);
        cli.clear();
        Files.writeString(Files.createDirectories(dir.resolve("busy")).resolve("mine.txt"), "x");
        assertThat(cli.run(args(a, dir.resolve("busy")))).isEqualTo(2);
        assertThat(cli.err()).contains("holds no pretraining run");
        cli.clear();
        assertThat(cli.run(args(a, dir.resolve("z"), "--mix", "five"))).isEqualTo(2);
    }

    @Test
    void benchTrainReportsStepsPerSecondAndPeakMemory() {
        assertThat(cli.run("bench", "train", "--model", "slowfast-test", "--batch-size", "2", "--frames", "101", "--steps", "1",
                "--warmup", "0")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("\"steps_per_s\"", "\"peak_rss_mib\"");
    }
}
