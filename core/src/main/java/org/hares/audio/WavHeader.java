package org.hares.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads just enough of a RIFF/WAVE file to compare the data length its header declares with the
 * bytes the file holds (FFmpeg reads a short file silently; the spec wants a warning).
 */
final class WavHeader {

    /** Declared and available byte counts of the {@code data} chunk. */
    record DataChunk(long declaredBytes, long availableBytes) {
        boolean truncated() {
            return declaredBytes > availableBytes;
        }
    }

    private static final long STREAMING_SIZE = 0xFFFFFFFFL;

    private WavHeader() {}

    /** The data chunk of a RIFF/WAVE file, or empty when the file is not one or declares no usable size. */
    static java.util.Optional<DataChunk> dataChunk(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (readFully(ch, head, 0) < 12 || head.getInt(0) != 0x46464952 /* RIFF */ || head.getInt(8) != 0x45564157 /* WAVE */) {
                return java.util.Optional.empty();
            }
            long pos = 12;
            ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (pos + 8 <= size) {
                chunk.clear();
                if (readFully(ch, chunk, pos) < 8) {
                    break;
                }
                int id = chunk.getInt(0);
                long length = Integer.toUnsignedLong(chunk.getInt(4));
                if (id == 0x61746164 /* data */) {
                    if (length == STREAMING_SIZE || length == 0) {
                        return java.util.Optional.empty();
                    }
                    return java.util.Optional.of(new DataChunk(length, size - pos - 8));
                }
                pos += 8 + length + (length & 1);
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

}
