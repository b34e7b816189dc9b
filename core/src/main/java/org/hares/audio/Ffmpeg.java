package org.hares.audio;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avutil;

/** One-time FFmpeg set-up and error text. */
final class Ffmpeg {

    /** FFmpeg's AVERROR(EAGAIN); the presets have no helper for it. */
    static final int EAGAIN = -11;

    private Ffmpeg() {}

    private static final class Holder {
        static {
            // errors are reported through return codes as exceptions; FFmpeg's own stderr log stays quiet
            avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        }

        static void touch() {}
    }

    static void load() {
        Holder.touch();
    }

    static String error(int code) {
        byte[] buf = new byte[128];
        if (avutil.av_strerror(code, buf, buf.length) < 0) {
            return "FFmpeg error " + code;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
