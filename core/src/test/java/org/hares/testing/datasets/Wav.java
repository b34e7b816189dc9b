package org.hares.testing.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes 16-bit PCM RIFF/WAVE files with plain Java: a sine tone per file, so clips differ. */
public final class Wav {

    private Wav() {
    }

    /** A mono 16-bit tone of {@code frames} samples at {@code sampleRate}; parent folders are created. */
    public static Path tone(Path file, int sampleRate, int frames, double hz) {
        short[] samples = new short[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return write(file, sampleRate, 1, samples);
    }

    /** A mono 16-bit tone lasting {@code seconds}. */
    public static Path tone(Path file, int sampleRate, double seconds, double hz) {
        return tone(file, sampleRate, (int) Math.round(seconds * sampleRate), hz);
    }

    /** Interleaved 16-bit samples as a canonical 44-byte-header WAVE file. */
    public static Path write(Path file, int sampleRate, int channels, short[] interleaved) {
        int dataBytes = interleaved.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (short s : interleaved) {
            b.putShort(s);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
