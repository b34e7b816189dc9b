package org.hares.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Round trips through every format: the fixtures (made by resources/audio/make_fixtures.py with
 * Debian's ffmpeg/sox) all hold 0.5·sin(2π·440·t) once their channels are averaged.
 */
class AudioFormatsTest {

    static Path fixture(String name) {
        try {
            return Path.of(AudioFormatsTest.class.getResource("/audio/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    static float expected(int i, int rate) {
        return (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, codec, rate, channels, max |error| against the analytic signal
        "pcm_u8_8k_mono.wav,             pcm_u8,    8000,  1, 0.0079",
        "pcm_s16_16k_stereo.wav,         pcm_s16le, 16000, 2, 4e-5",
        "pcm_s24_16k_4ch_extensible.wav, pcm_s24le, 16000, 4, 2e-7",
        "pcm_s32_44k_mono.wav,           pcm_s32le, 44100, 1, 1e-7",
        "pcm_f32_22k_stereo.wav,         pcm_f32le, 22050, 2, 1e-7",
        "pcm_f32_16k_mono_plain.wav,     pcm_f32le, 16000, 1, 1e-7",
        "flac_44k_stereo.flac,           flac,      44100, 2, 4e-5",
    })
    void losslessFormatsDecodeToTheSignal(String name, String codec, int rate, int channels, double tolerance) {
        Path file = fixture(name);
        AudioInfo info = AudioReader.probe(file);
        assertThat(info.codec()).isEqualTo(codec);
        assertThat(info.sampleRate()).isEqualTo(rate);
        assertThat(info.channels()).isEqualTo(channels);
        assertThat(info.durationSeconds()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-3));

        AudioClip clip = AudioReader.read(file, rate);
        assertThat(clip.sampleRate()).isEqualTo(rate);
        assertThat(clip.samples()).hasSize(Math.round(rate * 0.1f));
        double maxError = 0;
        for (int i = 0; i < clip.samples().length; i++) {
            maxError = Math.max(maxError, Math.abs(clip.samples()[i] - expected(i, rate)));
        }
        assertThat(maxError).as("max |decoded - signal|").isLessThanOrEqualTo(tolerance);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mp3_44k_stereo.mp3,  mp3,    44100, 2",
        "vorbis_44k_mono.ogg, vorbis, 44100, 1",
        "opus_48k_mono.opus,  opus,   48000, 1",
        "aac_44k_stereo.m4a,  aac,    44100, 2",
    })
    void lossyFormatsDecodeAlignedWithTheSignal(String name, String codec, int rate, int channels) {
        Path file = fixture(name);
        AudioInfo info = AudioReader.probe(file);
        assertThat(info.codec()).isEqualTo(codec);
        assertThat(info.sampleRate()).isEqualTo(rate);
        assertThat(info.channels()).isEqualTo(channels);

        AudioClip clip = AudioReader.read(file, rate);
        float[] x = clip.samples();
        // encoder delay and padding are trimmed by the containers' gapless information
        assertThat(x.length).isBetween(Math.round(rate * 0.5f) - 130, Math.round(rate * 0.5f) + 1200);
        double signal = 0;
        double noise = 0;
        for (int i = rate / 20; i < rate * 9 / 20; i++) {
            double e = expected(i, rate);
            signal += e * e;
            noise += (x[i] - e) * (x[i] - e);
        }
        double snrDb = 10 * Math.log10(signal / noise);
        assertThat(snrDb).as("SNR of %s against the sample-aligned signal", name).isGreaterThan(20);
    }

    @Test
    void namesWithSpacesColonsAndNonAsciiLetters(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "file names are not UTF-8 under this locale");
        Path file = java.nio.file.Files.copy(fixture("pcm_s16_16k_stereo.wav"), dir.resolve("naïve: take 2 – ü.wav"));
        assertThat(AudioReader.read(file, 16000).samples()).hasSize(1600);
    }

    @Test
    void resamplesToTheTargetRate() {
        AudioClip clip = AudioReader.read(fixture("flac_44k_stereo.flac"), 16000);
        assertThat(clip.sampleRate()).isEqualTo(16000);
        assertThat(clip.samples().length).isBetween(1599, 1601);
        double maxError = 0;
        // away from the edges, where the band-limited filter sees the whole signal, the tone survives intact
        for (int i = 200; i < 1400; i++) {
            maxError = Math.max(maxError, Math.abs(clip.samples()[i] - expected(i, 16000)));
        }
        assertThat(maxError).isLessThan(1e-3);
    }

    @Test
    void segmentEqualsTheSameSliceOfTheWholeFile() {
        Path file = fixture("pcm_s16_16k_stereo.wav");
        float[] whole = AudioReader.read(file, 16000).samples();
        float[] part = AudioReader.read(file, 16000, 0.025, 0.05).samples();
        assertThat(part).containsExactly(java.util.Arrays.copyOfRange(whole, 400, 1200));
        float[] tail = AudioReader.read(file, 16000, 0.08, Double.POSITIVE_INFINITY).samples();
        assertThat(tail).containsExactly(java.util.Arrays.copyOfRange(whole, 1280, 1600));
    }

    @Test
    void segmentOfACompressedFileLinesUpWithTheWholeFile() {
        Path file = fixture("mp3_44k_stereo.mp3");
        float[] whole = AudioReader.read(file, 44100).samples();
        float[] part = AudioReader.read(file, 44100, 0.2, 0.1).samples();
        assertThat(part).hasSize(4410);
        double maxError = 0;
        for (int i = 0; i < part.length; i++) {
            maxError = Math.max(maxError, Math.abs(part[i] - whole[8820 + i]));
        }
        assertThat(maxError).isLessThan(0.02);
    }
}
