package org.hares.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_BITRATE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One open audio file decoded by FFmpeg into mono floats at its native rate (mean of the
 * channels). Owns native contexts: not thread-safe, always close.
 */
final class FfmpegDecoder implements AutoCloseable {

    private static final java.nio.charset.Charset PATH_CHARSET = java.nio.charset.Charset.forName(
            System.getProperty("sun.jnu.encoding", java.nio.charset.Charset.defaultCharset().name()));

    private final Path file;
    private final AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private final int stream;
    private final AudioInfo info;
    /** The declared duration came from a bitrate guess (e.g. an MP3 without a Xing header), not from the file. */
    private final boolean durationGuessed;
    private float[] mix = new float[4096];
    private float[] scratch = new float[4096];

    private FfmpegDecoder(Path file) {
        Ffmpeg.load();
        this.file = file;
        AVFormatContext fmt = new AVFormatContext(null);
        int err;
        // the "file:" protocol stops FFmpeg reading a name like "a:b.wav" as a URL; encode the name as the JVM does
        try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), PATH_CHARSET)) {
            err = avformat_open_input(fmt, url, null, (AVDictionary) null);
        }
        if (err < 0) {
            throw new AudioDecodeException(file, "not a readable audio file (" + Ffmpeg.error(err) + ")");
        }
        this.format = fmt;
        try {
            err = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (err < 0) {
                throw new AudioDecodeException(file, "cannot parse the container (" + Ffmpeg.error(err) + ")");
            }
            stream = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
            if (stream < 0) {
                throw new AudioDecodeException(file, "no audio stream found (" + Ffmpeg.error(stream) + ")");
            }
            AVStream st = fmt.streams(stream);
            AVCodecParameters par = st.codecpar();
            String codecName = avcodec_get_name(par.codec_id()).getString();
            AVCodec decoder = avcodec_find_decoder(par.codec_id());
            if (decoder == null || decoder.isNull()) {
                throw new AudioDecodeException(file, "unsupported audio codec '" + codecName + "' (no decoder)");
            }
            codec = avcodec_alloc_context3(decoder);
            err = avcodec_parameters_to_context(codec, par);
            if (err >= 0) {
                err = avcodec_open2(codec, decoder, (PointerPointer<?>) null);
            }
            if (err < 0) {
                throw new AudioDecodeException(file, "cannot open the '" + codecName + "' decoder (" + Ffmpeg.error(err) + ")");
            }
            if (codec.sample_rate() <= 0 || codec.ch_layout().nb_channels() <= 0) {
                throw new AudioDecodeException(file, "audio stream declares " + codec.sample_rate() + " Hz and "
                        + codec.ch_layout().nb_channels() + " channels; expected positive values");
            }
            double duration = Double.NaN;
            if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
                duration = st.duration() * av_q2d(st.time_base());
            } else if (fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0) {
                duration = fmt.duration() / (double) AV_TIME_BASE;
            }
            durationGuessed = fmt.duration_estimation_method() == AVFMT_DURATION_FROM_BITRATE;
            info = new AudioInfo(file, codecName, codec.sample_rate(), codec.ch_layout().nb_channels(), duration);
            packet = av_packet_alloc();
            frame = av_frame_alloc();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static FfmpegDecoder open(Path file) {
        return new FfmpegDecoder(file);
    }

    AudioInfo info() {
        return info;
    }

    /**
     * Decodes samples {@code [round(offset·rate), round((offset+duration)·rate))} at the native
     * rate into {@code sink}, exactly the same samples a whole-file decode has at those indices;
     * returns how many samples were emitted.
     */
    long decode(double offsetSeconds, double durationSeconds, SampleSink sink) {
        int rate = info.sampleRate();
        long first = Math.round(offsetSeconds * rate);
        long end = Double.isInfinite(durationSeconds) ? Long.MAX_VALUE
                : first + Math.round(durationSeconds * rate);
        AVStream st = format.streams(stream);
        long position = 0;
        boolean positionFromTimestamp = false;
        // Seeking is sample-exact only for PCM; compressed streams decode from the start and drop
        // samples (codec delay, pre-skip and bit reservoirs make post-seek positions unreliable).
        if (first > 0 && info.codec().startsWith("pcm_")) {
            long startTime = st.start_time() == AV_NOPTS_VALUE ? 0 : st.start_time();
            long target = startTime + (long) Math.floor(offsetSeconds / av_q2d(st.time_base()));
            positionFromTimestamp = avformat_seek_file(format, stream, Long.MIN_VALUE, target, target, 0) >= 0;
        }
        long emitted = 0;
        boolean endOfFile = false;
        while (position < end) {
            if (!endOfFile) {
                int err = av_read_frame(format, packet);
                if (err == AVERROR_EOF) {
                    endOfFile = true;
                    err = avcodec_send_packet(codec, null);
                } else if (err < 0) {
                    throw new AudioDecodeException(file, "read error near " + seconds(position) + " (" + Ffmpeg.error(err) + ")");
                } else if (packet.stream_index() != stream) {
                    av_packet_unref(packet);
                    continue;
                } else {
                    err = avcodec_send_packet(codec, packet);
                    av_packet_unref(packet);
                }
                if (err < 0 && err != Ffmpeg.EAGAIN && err != AVERROR_EOF) {
                    throw corrupt(position, err);
                }
            }
            boolean drained = false;
            while (position < end) {
                int err = avcodec_receive_frame(codec, frame);
                if (err == Ffmpeg.EAGAIN) {
                    break;
                }
                if (err == AVERROR_EOF) {
                    drained = true;
                    break;
                }
                if (err < 0) {
                    throw corrupt(position, err);
                }
                if (positionFromTimestamp) {
                    positionFromTimestamp = false;
                    long ts = frame.best_effort_timestamp();
                    if (ts != AV_NOPTS_VALUE) {
                        long startTime = st.start_time() == AV_NOPTS_VALUE ? 0 : st.start_time();
                        position = Math.round((ts - startTime) * av_q2d(st.time_base()) * rate);
                    }
                }
                int n = frame.nb_samples();
                mixDown(frame, n, position);
                long from = Math.max(position, first);
                long to = Math.min(position + n, end);
                if (to > from) {
                    int skip = (int) (from - position);
                    int count = (int) (to - from);
                    if (skip > 0) {
                        System.arraycopy(mix, skip, mix, 0, count);
                    }
                    sink.accept(mix, count);
                    emitted += count;
                }
                position += n;
            }
            if (drained || (endOfFile && position >= end)) {
                break;
            }
        }
        if (position < end) {
            checkComplete(position);
        }
        return emitted;
    }

    /**
     * A compressed stream that ends well before the duration its container declares (from a Xing
     * header, an index or a granule position) was cut short. PCM WAV is exempt: the spec reads a
     * short WAV up to what exists, with the warning {@link AudioReader} logs.
     */
    private void checkComplete(long decodedSamples) {
        double declared = info.durationSeconds();
        if (durationGuessed || Double.isNaN(declared) || info.codec().startsWith("pcm_")) {
            return;
        }
        double decoded = decodedSamples / (double) info.sampleRate();
        if (declared - decoded > Math.max(0.1, 0.005 * declared)) {
            throw new AudioDecodeException(file, String.format(Locale.ROOT,
                    "truncated: decoded %.3f s of the %.3f s the container declares", decoded, declared));
        }
    }

    /** Writes the mean of the frame's channels into {@link #mix}, checking float samples are finite. */
    private void mixDown(AVFrame f, int n, long position) {
        int channels = f.ch_layout().nb_channels();
        SampleFormat fmt = SampleFormat.of(f.format()).orElseThrow(() -> new AudioDecodeException(file,
                "decoder produced unsupported sample format " + av_get_sample_fmt_name(f.format()).getString()));
        if (mix.length < n) {
            mix = new float[Math.max(n, mix.length * 2)];
        }
        float[] acc = mix;
        java.util.Arrays.fill(acc, 0, n, 0f);
        if (fmt.planar || channels == 1) {
            if (scratch.length < n) {
                scratch = new float[mix.length];
            }
            for (int c = 0; c < channels; c++) {
                fmt.addPlane(buffer(f.extended_data(c), (long) n * fmt.bytes), n, acc, scratch);
            }
        } else {
            fmt.setInterleaved(buffer(f.extended_data(0), (long) n * channels * fmt.bytes), n, channels, acc);
        }
        if (channels > 1) {
            float c = channels;
            for (int i = 0; i < n; i++) {
                acc[i] /= c;
            }
        }
        if (fmt.isFloatingPoint()) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(acc[i])) {
                    throw new AudioDecodeException(file, "sample " + (position + i) + " (at " + seconds(position + i)
                            + ") is " + acc[i] + "; float audio must hold finite values");
                }
            }
        }
    }

    private static ByteBuffer buffer(BytePointer p, long bytes) {
        return p.capacity(bytes).limit(bytes).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    private AudioDecodeException corrupt(long position, int err) {
        return new AudioDecodeException(file, "corrupt audio data near " + seconds(position) + " (" + Ffmpeg.error(err) + ")");
    }

    private String seconds(long sample) {
        return String.format(Locale.ROOT, "%.3f s", sample / (double) info.sampleRate());
    }

    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        avformat_close_input(format);
    }
}
