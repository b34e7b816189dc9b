package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hares.audio.AudioReader;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.frontend.Windows;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.model.Embedder;
import org.hares.model.ModelArchitecture;
import org.hares.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hares embed} on audio files: windows, standardised log-mel, pooling and bad input. */
class EmbedAudioTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void embedsEachHoppedWindowOfTheStandardisedLogMel() throws Exception {
        Path wav = Files.copy(Golden.file("tone16k.wav"), dir.resolve("tone.wav"));
        // 1.5 s of audio, 1 s windows every 0.5 s: windows at 0 and 0.5 s, the second ending exactly at 1.5 s
        assertThat(cli.run("embed", "--model", "slowfast-test", "--seed", "7", "--window", "1", "--hop", "0.5", wav.toString()))
                .as(cli.err()).isZero();
        NpyArray written = Npy.read(dir.resolve("tone.embedding.npy"));
        int e = ModelArchitecture.SLOWFAST_TEST.embeddingSize();
        assertThat(written.shape()).containsExactly(2, e);

        // the reference definition of a model window (frontend.md): crop, log-mel, standardise, (1, frames, 128)
        float[] samples = AudioReader.read(wav, 16000).samples();
        LogMel logMel = new LogMel(FrontendConfig.DEFAULT);
        float[] expected = new float[2 * e];
        try (Embedder embedder = Embedder.open(ModelArchitecture.SLOWFAST_TEST, Optional.empty(), 7, Device.cpu())) {
            for (int w = 0; w < 2; w++) {
                float[] x = logMel.standardised(Windows.crop(samples, w * 8000, 16000));
                System.arraycopy(embedder.embed(x, 1, 101, 128), 0, expected, w * e, e);
            }
        }
        float[] actual = written.toFloats();
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(1e-5f));
        }

        assertThat(cli.run("embed", "--model", "slowfast-test", "--seed", "7", "--window", "1", "--hop", "0.5",
                "--pool", "mean", "--out", dir.resolve("pooled").toString(), wav.toString())).as(cli.err()).isZero();
        float[] pooled = Npy.read(dir.resolve("pooled/tone.embedding.npy")).toFloats();
        assertThat(pooled).hasSize(e);
        for (int j = 0; j < e; j++) {
            assertThat(pooled[j]).isCloseTo((expected[j] + expected[e + j]) / 2, within(1e-5f));
        }
    }

    @Test
    void defaultWindowIsThreeSecondsZeroPadded() throws Exception {
        Path wav = Files.copy(Golden.file("tone16k.wav"), dir.resolve("short.wav"));
        assertThat(cli.run("embed", "--model", "slowfast-test", wav.toString())).as(cli.err()).isZero();
        assertThat(Npy.read(dir.resolve("short.embedding.npy")).shape())
                .containsExactly(1, ModelArchitecture.SLOWFAST_TEST.embeddingSize());
    }

    @Test
    void corruptAudioIsOneLineNamingTheFile() throws Exception {
        Path bad = dir.resolve("broken.wav");
        Files.writeString(bad, "RIFF but not really a wave file");
        assertThat(cli.run("embed", "--model", "slowfast-test", bad.toString())).isEqualTo(3);
        assertThat(cli.err()).startsWith("hares: error: ").contains("broken.wav");
        assertThat(Files.exists(dir.resolve("broken.embedding.npy"))).isFalse();
    }

    @Test
    void refusesWindowsAndHopsShorterThanASample() {
        assertThat(cli.run("embed", "--model", "slowfast-test", "--window", "0", "x.wav")).isEqualTo(2);
        assertThat(cli.err()).contains("--window must be a finite number of seconds of at least one sample (1/16000 s), got 0.0");
        assertThat(cli.run("embed", "--model", "slowfast-test", "--hop", "1e-9", "x.wav")).isEqualTo(2);
        assertThat(cli.err()).contains("--hop must be a finite number of seconds of at least one sample (1/16000 s), got 1.0E-9");
    }

    @Test
    void aWindowLongerThanTheClipIsTheClip() throws Exception {
        Path wav = Files.copy(Golden.file("tone16k.wav"), dir.resolve("tone.wav"));
        // 1.5 s of audio: --window 1.5 is the reference; 3000 s and 1e9 s (once: out of memory or without end) give the same
        assertThat(cli.run("embed", "--model", "slowfast-test", "--window", "1.5", "--out", dir.resolve("ref").toString(),
                wav.toString())).as(cli.err()).isZero();
        NpyArray reference = Npy.read(dir.resolve("ref/tone.embedding.npy"));
        assertThat(reference.shape()).containsExactly(1, ModelArchitecture.SLOWFAST_TEST.embeddingSize());
        for (String window : new String[] {"3000", "1e9"}) {
            assertThat(cli.run("embed", "--model", "slowfast-test", "--window", window, "--out", dir.resolve(window).toString(),
                    wav.toString())).as(cli.err()).isZero();
            assertThat(Npy.read(dir.resolve(window + "/tone.embedding.npy"))).as(window).isEqualTo(reference);
        }
    }

    @Test
    void aWindowThatDoesNotFitInMemoryIsRefusedNamingTheSetting() {
        AudioWindows w = new AudioWindows(16000 * 3600, 16000 * 3600);
        int frames = 1 + 16000 * 3600 / 160;
        assertThatThrownBy(() -> w.windowsPerPass(Path.of("long.wav"), frames, 128, "slowfast-nfnet-f0", 16, 16000,
                8L << 30, 4L << 30))
                .isInstanceOf(org.hares.eval.InsufficientMemoryException.class)
                .hasMessageStartingWith("long.wav: a 3600.0-s window (360001 frames) needs about 22.0 GiB for one forward pass "
                        + "of slowfast-nfnet-f0")
                .hasMessageContaining("use a shorter --window");
        // 4-s windows: 16 per pass fit in 8 GiB, 4 in 0.1 GiB
        AudioWindows four = new AudioWindows(64000, 64000);
        assertThat(four.windowsPerPass(Path.of("a.wav"), 401, 128, "m", 16, 16000, 8L << 30, 4L << 30)).isEqualTo(16);
        assertThat(four.windowsPerPass(Path.of("a.wav"), 401, 128, "m", 16, 16000, 110L << 20, 4L << 30)).isEqualTo(4);
    }

    @Test
    void inputsWithTheSameNameKeepTheirFoldersUnderOut() throws Exception {
        Path[] same = CliRun.sameNamedClips(dir.resolve("in"));
        Path a = same[0];
        Path b = same[1];
        Path out = dir.resolve("out");
        assertThat(cli.run("embed", "--model", "slowfast-test", "--out", out.toString(), a.toString(), b.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains(out.resolve("a/X.embedding.npy").toString()).contains(out.resolve("b/X.embedding.npy").toString());
        assertThat(Npy.read(out.resolve("a/X.embedding.npy"))).isNotEqualTo(Npy.read(out.resolve("b/X.embedding.npy")));
        assertThat(out.resolve("X.embedding.npy")).doesNotExist();
    }
}
