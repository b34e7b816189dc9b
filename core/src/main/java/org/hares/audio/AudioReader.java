package org.hares.audio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes audio files (WAV, FLAC, MP3, Ogg Vorbis/Opus, M4A/AAC and anything else FFmpeg reads)
 * to mono float samples in [-1, 1] at a requested rate: channels are averaged, integer PCM is
 * divided by 2^(bits-1) (unsigned 8-bit: (x-128)/128), and the result is resampled with a
 * band-limited filter ({@link Resampler}). Decoding streams packet by packet, so only the output
 * at the target rate is ever held in memory. Every call opens its own FFmpeg contexts: safe to
 * call from many threads at once.
 */
public final class AudioReader {

    private static final Logger LOG = LoggerFactory.getLogger(AudioReader.class);

    private AudioReader() {}

    /** The whole file, mono, at {@code targetSampleRate}. */
    public static AudioClip read(Path file, int targetSampleRate) {
        return read(file, targetSampleRate, 0.0, Double.POSITIVE_INFINITY);
    }

    /**
     * {@code durationSeconds} of audio from {@code offsetSeconds} (to the end of the file when the
     * duration is {@code Double.POSITIVE_INFINITY} or runs past the end), mono, at
     * {@code targetSampleRate}.
     */
    public static AudioClip read(Path file, int targetSampleRate, double offsetSeconds, double durationSeconds) {
        FloatArrayBuilder[] samples = new FloatArrayBuilder[1];
        decode(file, targetSampleRate, offsetSeconds, durationSeconds, info -> {
            double span = Double.isNaN(info.durationSeconds()) ? 60.0
                    : Math.min(durationSeconds, Math.max(0.0, info.durationSeconds() - offsetSeconds));
            samples[0] = new FloatArrayBuilder((int) Math.min(Integer.MAX_VALUE / 2, span * targetSampleRate + 1024));
            return samples[0];
        });
        return new AudioClip(samples[0].toArray(), targetSampleRate);
    }

    /**
     * Decodes like {@link #read(Path, int, double, double)} but hands the samples to {@code sink}
     * in chunks as they are produced, for files too long to hold. Returns the file's description.
     *
     * @throws AudioDecodeException when the file is missing, unreadable, corrupt, holds no audio,
     *                              has an unsupported codec or non-finite float samples
     */
    public static AudioInfo stream(Path file, int targetSampleRate, double offsetSeconds, double durationSeconds,
                                   SampleSink sink) {
        return decode(file, targetSampleRate, offsetSeconds, durationSeconds, info -> sink);
    }

    private static AudioInfo decode(Path file, int targetSampleRate, double offsetSeconds, double durationSeconds,
                                    Function<AudioInfo, SampleSink> sinkFor) {
        checkRequest(targetSampleRate, offsetSeconds, durationSeconds);
        checkFile(file);
        warnIfTruncatedWav(file);
        try (FfmpegDecoder decoder = FfmpegDecoder.open(file);
             Resampler resampler = new Resampler(decoder.info().sampleRate(), targetSampleRate)) {
            SampleSink sink = sinkFor.apply(decoder.info());
            long[] produced = {0};
            SampleSink counting = (s, n) -> {
                produced[0] += n;
                sink.accept(s, n);
            };
            long decoded = decoder.decode(offsetSeconds, durationSeconds,
                    (s, n) -> resampler.push(s, 0, n, counting));
            resampler.flush(counting);
            AudioInfo info = decoder.info();
            if (decoded == 0 || produced[0] == 0) {
                throw new AudioDecodeException(file, offsetSeconds > 0
                        ? String.format(Locale.ROOT, "no audio samples from offset %.3f s (the audio is %s long)",
                                offsetSeconds, Double.isNaN(info.durationSeconds()) ? "of unknown length"
                                        : String.format(Locale.ROOT, "%.3f s", info.durationSeconds()))
                        : "no audio samples (zero-length audio)");
            }
            return info;
        }
    }

    /** Codec, native rate, channels and declared duration of the file's audio stream, without decoding it. */
    public static AudioInfo probe(Path file) {
        checkFile(file);
        try (FfmpegDecoder decoder = FfmpegDecoder.open(file)) {
            return decoder.info();
        }
    }

    private static void checkFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AudioDecodeException(file, Files.exists(file) ? "not a regular file" : "file not found");
        }
        try {
            if (Files.size(file) == 0) {
                throw new AudioDecodeException(file, "empty file (0 bytes)");
            }
        } catch (java.io.IOException e) {
            throw new AudioDecodeException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void warnIfTruncatedWav(Path file) {
        WavHeader.dataChunk(file).filter(WavHeader.DataChunk::truncated).ifPresent(d -> LOG.warn(
                "{}: WAV header declares {} bytes of audio data but the file holds only {}; reading what exists",
                file, d.declaredBytes(), d.availableBytes()));
    }

    private static void checkRequest(int targetSampleRate, double offsetSeconds, double durationSeconds) {
        if (targetSampleRate <= 0) {
            throw new IllegalArgumentException("target sample rate must be positive, got " + targetSampleRate);
        }
        if (!(offsetSeconds >= 0) || Double.isInfinite(offsetSeconds)) {
            throw new IllegalArgumentException("offset must be a finite number of seconds >= 0, got " + offsetSeconds);
        }
        if (!(durationSeconds > 0)) {
            throw new IllegalArgumentException("duration must be > 0 seconds (or infinite), got " + durationSeconds);
        }
    }
}
