package org.hares.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hares.testing.WavFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives an {@link AudioDecodeException} naming the file and the problem. */
class AudioBadInputTest {

    @TempDir
    Path dir;

    private static float[] tone(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
        }
        return x;
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.wav");
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": file not found");
    }

    @Test
    void emptyFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.flac"));
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": empty file (0 bytes)");
    }

    @Test
    void notAudioAtAll() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.wav"), "this is not audio at all, just text\n".repeat(10));
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": not a readable audio file (Invalid data found when processing input)");
    }

    @Test
    void wavHeaderCutShort() throws IOException {
        Path whole = WavFiles.pcm16(dir.resolve("whole.wav"), 16000, tone(100));
        Path file = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(Files.readAllBytes(whole), 30));
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessageStartingWith(file + ": not a readable audio file (");
    }

    @Test
    void zeroLengthAudio() {
        Path file = WavFiles.pcm16(dir.resolve("silence0.wav"), 16000, new float[0]);
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": no audio samples (zero-length audio)");
    }

    @Test
    void offsetPastTheEnd() {
        Path file = WavFiles.pcm16(dir.resolve("short.wav"), 16000, tone(1600));
        assertThatThrownBy(() -> AudioReader.read(file, 16000, 5.0, 1.0)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": no audio samples from offset 5.000 s (the audio is 0.100 s long)");
    }

    @Test
    void unsupportedCodec() {
        Path file = WavFiles.write(dir.resolve("odd.wav"), 0x7777, 1, 16000, 16, new byte[3200], 3200);
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": unsupported audio codec 'none' (no decoder)");
    }

    @Test
    void nanSample() {
        float[] x = tone(1600);
        x[100] = Float.NaN;
        Path file = WavFiles.float32(dir.resolve("nan.wav"), 16000, x);
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": sample 100 (at 0.006 s) is NaN; float audio must hold finite values");
    }

    @Test
    void infiniteSampleEvenWhenResampling() {
        float[] x = tone(1600);
        x[800] = Float.NEGATIVE_INFINITY;
        Path file = WavFiles.float32(dir.resolve("inf.wav"), 16000, x);
        assertThatThrownBy(() -> AudioReader.read(file, 8000)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": sample 800 (at 0.050 s) is -Infinity; float audio must hold finite values");
    }

    @Test
    void truncatedWavIsReadUpToWhatExistsWithAWarning() {
        float[] x = tone(4000);
        byte[] data = new byte[8000];
        java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                .put(toShorts(x));
        Path file = WavFiles.write(dir.resolve("cut.wav"), WavFiles.PCM, 1, 16000, 16, data, 32000);
        String log = captureStderr(() -> {
            AudioClip clip = AudioReader.read(file, 16000);
            assertThat(clip.samples()).hasSize(4000);
            assertThat(clip.samples()[1234]).isEqualTo(toShorts(x)[1234] / 32768f);
        });
        assertThat(log).contains("WARN").contains(file + ": WAV header declares 32000 bytes of audio data but the file "
                + "holds only 8000; reading what exists");
    }

    @Test
    void truncatedCompressedFile() throws IOException {
        byte[] mp3 = Files.readAllBytes(AudioFormatsTest.fixture("mp3_44k_stereo.mp3"));
        Path file = Files.write(dir.resolve("half.mp3"), Arrays.copyOf(mp3, mp3.length / 2));
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(file.toString())
                        + ": truncated: decoded 0\\.2\\d\\d s of the 0\\.500 s the container declares");
    }

    @Test
    void truncatedFlac() throws IOException {
        byte[] flac = Files.readAllBytes(AudioFormatsTest.fixture("flac_44k_stereo.flac"));
        Path file = Files.write(dir.resolve("half.flac"), Arrays.copyOf(flac, flac.length / 2));
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessage(file + ": corrupt audio data near 0.000 s (Invalid data found when processing input)");
    }

    @Test
    void corruptCompressedData() throws IOException {
        byte[] mp3 = Files.readAllBytes(AudioFormatsTest.fixture("mp3_44k_stereo.mp3"));
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = mp3.length / 2; i < mp3.length / 2 + 400; i++) {
            mp3[i] = (byte) r.nextInt(256);
        }
        Path file = Files.write(dir.resolve("noisy.mp3"), mp3);
        assertThatThrownBy(() -> AudioReader.read(file, 16000)).isInstanceOf(AudioDecodeException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageMatching(".*(corrupt audio data near \\d\\.\\d{3} s|truncated: decoded).*");
    }

    @Test
    void badRequestsAreIllegalArguments() {
        Path file = AudioFormatsTest.fixture("pcm_s16_16k_stereo.wav");
        assertThatThrownBy(() -> AudioReader.read(file, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target sample rate must be positive, got 0");
        assertThatThrownBy(() -> AudioReader.read(file, 16000, -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset must be a finite number of seconds >= 0, got -1.0");
        assertThatThrownBy(() -> AudioReader.read(file, 16000, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration must be > 0 seconds (or infinite), got 0.0");
    }

    private static short[] toShorts(float[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = (short) Math.round(x[i] * 32767.0);
        }
        return s;
    }

    private static String captureStderr(Runnable body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
