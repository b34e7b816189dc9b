package org.hares;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress report for long work: done/total, rate and ETA on the writer it is given (stderr in the
 * CLI); silent when the writer is null. On a terminal ({@link Mode#LIVE}) it is one line redrawn in
 * place with {@code \r} at most twice a second; otherwise ({@link Mode#LOG}: a file, a pipe, a CI log)
 * it is a complete line at most every {@value #LOG_INTERVAL_SECONDS} seconds and a last one when the
 * work ends, so a log never holds {@code \r}-joined runs. Code that prints results while a live line
 * is shown calls {@link #clearLine()} first, so a result never shares the progress line.
 */
public final class Progress {

    /** How the report is drawn. */
    public enum Mode {
        /** A terminal: one line redrawn in place. */
        LIVE,
        /** Anything else: whole lines, at most one every few seconds. */
        LOG;

        /**
         * {@code $HARES_PROGRESS} ({@code live} or {@code log}; the launcher sets it from whether stderr is a
         * terminal), else {@code LIVE} when the JVM has a console.
         */
        public static Mode detect() {
            String env = System.getenv("HARES_PROGRESS");
            if (env != null && !env.isBlank()) {
                return env.trim().equalsIgnoreCase("live") ? LIVE : LOG;
            }
            return System.console() != null ? LIVE : LOG;
        }
    }

    static final long LOG_INTERVAL_SECONDS = 5;
    private static final long LIVE_INTERVAL_NANOS = 500_000_000L;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final String unit;
    private final Mode mode;
    private final LongSupplier clock;
    private final long startNanos;
    private long lastDraw;
    private long done;
    private String detail = "";
    /** Characters of the live line now on screen (0: none). */
    private int shown;
    private boolean ended;

    public Progress(PrintWriter out, String label, long total, String unit) {
        this(out, label, total, unit, Mode.detect(), System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} (tests pass their own) */
    public Progress(PrintWriter out, String label, long total, String unit, Mode mode, LongSupplier clock) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.mode = mode;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastDraw = startNanos;
    }

    public static Progress silent() {
        return new Progress(null, "", 0, "", Mode.LOG, System::nanoTime);
    }

    public synchronized void advance(long n) {
        done += n;
        if (out == null || ended) {
            return;
        }
        long now = clock.getAsLong();
        if (done >= total) {
            end(now);
        } else if (now - lastDraw >= (mode == Mode.LIVE ? LIVE_INTERVAL_NANOS : LOG_INTERVAL_SECONDS * 1_000_000_000L)) {
            draw(now);
        }
    }

    /** As {@link #advance(long)}, with a note shown after the rate (e.g. {@code 120x real time}). */
    public synchronized void advance(long n, String note) {
        detail = note == null || note.isEmpty() ? "" : ", " + note;
        advance(n);
    }

    /** Erases the live line (a no-op otherwise) so the caller can print a line of its own; the next update redraws it. */
    public synchronized void clearLine() {
        if (out != null && shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            out.flush();
            shown = 0;
        }
    }

    /** Ends the report: the last state on a line of its own (if the work stopped early, where it stopped). */
    public synchronized void finish() {
        if (out != null && !ended) {
            end(clock.getAsLong());
        }
    }

    private void draw(long now) {
        lastDraw = now;
        String line = line(now);
        if (mode == Mode.LIVE) {
            out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
            shown = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void end(long now) {
        ended = true;
        draw(now);
        if (mode == Mode.LIVE) {
            out.println();
            out.flush();
            shown = 0;
        }
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 && total > done ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "0:00";
        return String.format(Locale.ROOT, "%s %d/%d %s  %.1f %s/s%s  ETA %s", label, done, total, unit, rate, unit, detail, eta);
    }

    private static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
