package org.hares.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small RIFF/WAVE files byte by byte, including deliberately broken ones, for tests. */
public final class WavFiles {

    public static final int PCM = 1;
    public static final int IEEE_FLOAT = 3;

    private WavFiles() {}

    /** Mono 16-bit PCM of {@code samples} (clipped to [-1, 1), scaled by 32768). */
    public static Path pcm16(Path file, int sampleRate, float[] samples) {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            data.putShort((short) Math.max(-32768, Math.min(32767, Math.round(s * 32768.0))));
        }
        return write(file, PCM, 1, sampleRate, 16, data.array(), data.capacity());
    }

    /** Mono 32-bit float samples, written as they are (NaN and infinities included). */
    public static Path float32(Path file, int sampleRate, float[] samples) {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            data.putFloat(s);
        }
        return write(file, IEEE_FLOAT, 1, sampleRate, 32, data.array(), data.capacity());
    }

    /**
     * A canonical 44-byte-header WAV: {@code fmt } chunk with the given format tag, then a
     * {@code data} chunk whose header declares {@code declaredDataBytes} (which may differ from
     * {@code data.length} to fake a truncated file).
     */
    public static Path write(Path file, int formatTag, int channels, int sampleRate, int bitsPerSample,
                             byte[] data, long declaredDataBytes) {
        int blockAlign = channels * bitsPerSample / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt((int) (36 + declaredDataBytes))
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) formatTag)
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bitsPerSample)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt((int) declaredDataBytes)
                .put(data);
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
