package org.hares;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress line for long work: done/total, rate and ETA, redrawn at most twice a second on the
 * writer it is given (stderr in the CLI); silent when the writer is null.
 */
public final class Progress {

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private long done;

    public Progress(PrintWriter out, String label, long total, String unit) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
    }

    public static Progress silent() {
        return new Progress(null, "", 0, "");
    }

    public synchronized void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (out != null && (now - lastDraw > 500_000_000L || done >= total)) {
            lastDraw = now;
            out.print("\r" + line(now));
            if (done >= total) {
                out.println();
            }
            out.flush();
        }
    }

    public synchronized void finish() {
        if (out != null && done < total) {
            out.println("\r" + line(System.nanoTime()));
            out.flush();
        }
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 && total > done ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "0:00";
        return String.format(Locale.ROOT, "%s %d/%d %s  %.1f %s/s  ETA %s", label, done, total, unit, rate, unit, eta);
    }

    private static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
