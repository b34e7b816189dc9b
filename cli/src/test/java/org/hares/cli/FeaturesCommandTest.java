package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void writesTheRawLogMelTorchaudioGives() {
        assertThat(cli.run("features", "--out", dir.toString(), Golden.file("tone16k.wav").toString())).isZero();

        Path written = dir.resolve("tone16k.logmel.npy");
        assertThat(cli.out()).contains(written + "\t(151, 128)");
        assertThat(cli.err()).contains("features: 1/1 files");
        NpyArray got = Npy.read(written);
        NpyArray ref = Npy.read(Golden.file("logmel_tone16k.npy"));
        assertThat(got.shape()).containsExactly(151, 128);
        float[] g = got.toFloats();
        float[] r = ref.toFloats();
        double max = 0;
        for (int i = 0; i < r.length; i++) {
            if (r[i] > Math.log(1e-5)) {
                max = Math.max(max, Math.abs(g[i] - r[i]));
            }
        }
        assertThat(max).isLessThanOrEqualTo(1e-3);
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(written);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void resamplesAndHonoursTheSettings() {
        assertThat(cli.run("features", "--out", dir.toString(), "--mel-bins", "64", "--hop-length", "320",
                Golden.file("tone44k_stereo.wav").toString())).isZero();
        assertThat(Npy.read(dir.resolve("tone44k_stereo.logmel.npy")).shape()).containsExactly(76, 64);
    }

    @Test
    void undecodableFileStopsTheRunWithOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.wav"), "not audio, just text".repeat(20));
        assertThat(cli.run("features", "--out", dir.toString(), bad.toString())).isEqualTo(3);
        assertThat(cli.err()).isEqualTo("hares: error: " + bad
                + ": not a readable audio file (Invalid data found when processing input)" + System.lineSeparator());
        assertThat(dir.resolve("bad.logmel.npy")).doesNotExist();
    }

    @Test
    void skipBadListsTheFailuresAndCarriesOn() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.wav"), "not audio, just text".repeat(20));
        Path outDir = dir.resolve("out");
        assertThat(cli.run("features", "--skip-bad", "--out", outDir.toString(), bad.toString(),
                Golden.file("tone16k.wav").toString())).isZero();
        assertThat(outDir.resolve("tone16k.logmel.npy")).exists();
        assertThat(cli.err()).contains("skipped 1 file(s) that could not be decoded:")
                .contains("  " + bad + ": not a readable audio file");
    }

    @Test
    void inputsWithTheSameNameKeepTheirFoldersUnderOut() throws Exception {
        Path[] same = CliRun.sameNamedClips(dir.resolve("in"));
        Path a = same[0];
        Path b = same[1];
        Path out = dir.resolve("out");
        assertThat(cli.run("features", "--out", out.toString(), a.toString(), b.toString())).as(cli.err()).isZero();
        assertThat(out.resolve("a/X.logmel.npy")).exists();
        assertThat(out.resolve("b/X.logmel.npy")).exists();
        assertThat(Npy.read(out.resolve("a/X.logmel.npy"))).isNotEqualTo(Npy.read(out.resolve("b/X.logmel.npy")));
        assertThat(out.resolve("X.logmel.npy")).doesNotExist();

        // the same folder and name but for the extension: nothing to mirror, refused
        Path c = dir.resolve("in/a/X.flac");
        assertThat(cli.run("features", "--out", out.toString(), a.toString(), c.toString())).isEqualTo(2);
        assertThat(cli.err()).contains(a + " and " + c + " would both write " + out.resolve("X.logmel.npy"));
    }

    @Test
    void badSettingIsAUsageError() {
        assertThat(cli.run("features", "--fft-size", "256", Golden.file("tone16k.wav").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("hares: invalid argument: window length 400 exceeds FFT size 256");
    }
}
