package org.hares.data.hares;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.hares.data.DatasetLayoutException;

/**
 * The sample rate, channel count and frame count of a RIFF/WAVE file, read from its chunk headers
 * without decoding (Speech Commands cuts its silence windows by sample count, as TFDS does).
 */
record WavHeader(int sampleRate, int channels, long frames) {

    static WavHeader read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, 0, file);
            if (head.getInt(0) != 0x46464952 || head.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
                throw new DatasetLayoutException(file, "not a RIFF/WAVE file");
            }
            long pos = 12;
            int rate = -1;
            int channels = -1;
            int blockAlign = -1;
            ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (pos + 8 <= ch.size()) {
                chunk.clear();
                readFully(ch, chunk, pos, file);
                int id = chunk.getInt(0);
                long size = Integer.toUnsignedLong(chunk.getInt(4));
                if (id == 0x20746d66) { // "fmt "
                    ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                    readFully(ch, fmt, pos + 8, file);
                    channels = Short.toUnsignedInt(fmt.getShort(2));
                    rate = fmt.getInt(4);
                    blockAlign = Short.toUnsignedInt(fmt.getShort(12));
                } else if (id == 0x61746164) { // "data"
                    if (blockAlign <= 0) {
                        throw new DatasetLayoutException(file, "WAVE data chunk before a valid fmt chunk");
                    }
                    long available = Math.min(size, ch.size() - pos - 8);
                    return new WavHeader(rate, channels, available / blockAlign);
                }
                pos += 8 + size + (size & 1);
            }
            throw new DatasetLayoutException(file, "WAVE file without a data chunk");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        buf.clear();
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new DatasetLayoutException(file, "truncated WAVE header");
            }
        }
        buf.flip();
    }
}
