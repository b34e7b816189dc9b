package org.hares.cli;

import java.io.PrintWriter;

/** One-line progress on stderr: items done, rate, ETA. */
final class Progress {

    private final PrintWriter err;
    private final String verb;
    private final int total;
    private final String unit;
    private final long start = System.nanoTime();
    private int done;

    Progress(PrintWriter err, String verb, int total, String unit) {
        this.err = err;
        this.verb = verb;
        this.total = total;
        this.unit = unit;
    }

    void step() {
        done++;
        double seconds = (System.nanoTime() - start) / 1e9;
        double eta = seconds / done * (total - done);
        err.printf("\rhares %s: %d/%d %s, %.2f %s/s, ETA %.0f s", verb, done, total, unit, done / seconds, unit, eta);
        err.flush();
    }

    void done() {
        err.printf("%n");
        err.flush();
    }
}
