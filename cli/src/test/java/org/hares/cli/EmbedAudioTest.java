package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hares.audio.AudioReader;
import org.hares.embed.LogMelStatsModel;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.frontend.Windows;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.model.Embedder;
import org.hares.model.ModelArchitecture;
import org.hares.testing.Golden;
import org.hares.testing.WavFiles;
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
    void streamsEmbedFilesAtOnceInInputOrderAndGiveWhatOneStreamGives() throws Exception {
        List<String> inputs = new java.util.ArrayList<>();
        Files.createDirectories(dir.resolve("in"));
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int f = 0; f < 5; f++) {
            float[] samples = new float[16000 + 4000 * f];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (float) Math.sin(i * 0.01 * (f + 1)) * 0.3f + (float) random.nextGaussian() * 0.01f;
            }
            inputs.add(WavFiles.float32(dir.resolve("in/clip" + f + ".wav"), 16000, samples).toString());
        }
        java.util.Map<String, List<String>> printed = new java.util.HashMap<>();
        for (String streams : new String[] {"1", "2"}) {
            List<String> args = new java.util.ArrayList<>(List.of("embed", "--model", "slowfast-test", "--seed", "2",
                    "--window", "0.5", "--streams", streams, "--out", dir.resolve("out" + streams).toString()));
            args.addAll(inputs);
            cli.clear();
            assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();
            printed.put(streams, cli.out().lines().map(l -> Path.of(l).getFileName().toString()).toList());
        }
        assertThat(printed.get("2")).isEqualTo(printed.get("1"))
                .containsExactly("clip0.embedding.npy", "clip1.embedding.npy", "clip2.embedding.npy", "clip3.embedding.npy",
                        "clip4.embedding.npy");
        for (String name : printed.get("1")) {
            float[] one = Npy.read(dir.resolve("out1").resolve(name)).toFloats();
            float[] two = Npy.read(dir.resolve("out2").resolve(name)).toFloats();
            assertThat(two).hasSameSizeAs(one);
            for (int i = 0; i < one.length; i++) {
                assertThat(two[i]).as("%s value %d", name, i).isCloseTo(one[i], within(1e-6f * Math.max(1, Math.abs(one[i]))));
            }
        }
    }

    @Test
    void embedTakesEveryModelEvalTakes() throws Exception {
        Path wav = Files.copy(Golden.file("tone16k.wav"), dir.resolve("tone.wav"));
        assertThat(cli.run("embed", "--model", "logmel-stats", "--window", "1", "--out", dir.resolve("stats").toString(),
                wav.toString())).as(cli.err()).isZero();
        float[] window = Windows.crop(AudioReader.read(wav, 16000).samples(), 0, 16000);
        float[] expected = new LogMelStatsModel(FrontendConfig.DEFAULT).prepare(window);
        NpyArray stats = Npy.read(dir.resolve("stats/tone.embedding.npy"));
        assertThat(stats.shape()).containsExactly(2, 256);
        assertThat(java.util.Arrays.copyOf(stats.toFloats(), 256)).containsExactly(expected);

        // a log-mel .npy is a network input: other models say so in one line
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, NpyArray.ofFloats(new float[101 * 128], 101, 128));
        cli.clear();
        assertThat(cli.run("embed", "--model", "logmel-stats", npy.toString())).isEqualTo(3);
        assertThat(cli.err()).contains(npy + ": logmel-stats does not take log-mel arrays");
    }

    @Test
    void progressNeverSharesALineWithTheResults() throws Exception {
        Path a = Files.copy(Golden.file("tone16k.wav"), dir.resolve("a.wav"));
        Path b = Files.copy(Golden.file("tone16k.wav"), dir.resolve("b.wav"));
        java.io.StringWriter both = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(both, true));
        cl.setErr(new java.io.PrintWriter(both, true));
        assertThat(cl.execute("embed", "--model", "slowfast-test", "--window", "1", a.toString(), b.toString())).isZero();
        String text = both.toString();
        // not a terminal (as under a test runner, or with 2> log): whole lines only
        assertThat(text).doesNotContain("\r");
        assertThat(text.lines().filter(l -> l.contains(".embedding.npy")).toList())
                .containsExactly(dir.resolve("a.embedding.npy").toString(), dir.resolve("b.embedding.npy").toString());
        assertThat(text.lines().filter(l -> l.startsWith("embed 2/2 files"))).hasSize(1);
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
