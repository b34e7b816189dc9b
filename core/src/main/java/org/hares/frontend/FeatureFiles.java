package org.hares.frontend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.hares.audio.AudioReader;
import org.hares.io.AtomicFiles;
import org.hares.io.Npy;
import org.hares.io.NpyDtype;

/** Audio file to raw log-mel {@code .npy}, streaming, in memory independent of the file's length. */
public final class FeatureFiles {

    /** What one conversion produced: the {@code .npy}, the samples at the front end's rate and the frames. */
    public record Written(Path output, long samples, long frames) {}

    private FeatureFiles() {}

    /**
     * Decodes {@code audio} at the front end's rate and writes its raw (unstandardised) log-mel as a
     * float32 {@code (frames, melBins)} array to {@code npy}, atomically. Frames stream through a
     * temporary file beside the target, so neither the samples nor the features are held whole.
     */
    public static Written writeLogMel(Path audio, Path npy, LogMel logMel) {
        int melBins = logMel.config().melBins();
        Path dir = npy.toAbsolutePath().getParent();
        Path raw = null;
        try {
            Files.createDirectories(dir);
            raw = Files.createTempFile(dir, "." + npy.getFileName() + ".", ".raw");
            long frames;
            long samples;
            try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.allocate(256 * melBins * 4).order(ByteOrder.LITTLE_ENDIAN);
                LogMelStream stream = new LogMelStream(logMel, (rows, n) -> {
                    bytes.clear();
                    bytes.asFloatBuffer().put(rows, 0, n * melBins);
                    bytes.limit(n * melBins * 4);
                    try {
                        while (bytes.hasRemaining()) {
                            ch.write(bytes);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + npy + ": " + e.getMessage(), e);
                    }
                });
                AudioReader.stream(audio, logMel.config().sampleRate(), 0, Double.POSITIVE_INFINITY, stream::accept);
                frames = stream.finish();
                samples = stream.samples();
            }
            Path data = raw;
            AtomicFiles.write(npy, out -> {
                out.write(Npy.header(NpyDtype.FLOAT32, frames, melBins));
                Files.copy(data, out);
            });
            return new Written(npy, samples, frames);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + npy + ": " + e.getMessage(), e);
        } finally {
            if (raw != null) {
                try {
                    Files.deleteIfExists(raw);
                } catch (IOException ignored) {
                    // a stray hidden .raw beside the output is harmless and never read
                }
            }
        }
    }
}
