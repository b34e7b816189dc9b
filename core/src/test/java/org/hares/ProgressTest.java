package org.hares;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Both ways of drawing progress, on a simulated clock: 200 clips over 20 seconds. */
class ProgressTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    private Progress progress(Progress.Mode mode) {
        return new Progress(new PrintWriter(text), "embed t test", 200, "clips", mode, nanos::get);
    }

    private void run(Progress p) {
        for (int i = 0; i < 200; i++) {
            nanos.addAndGet(100_000_000L);
            p.advance(1);
        }
        p.finish();
    }

    @Test
    void notATerminalGivesWholeLinesAtMostEveryFewSeconds() {
        run(progress(Progress.Mode.LOG));
        String out = text.toString();
        assertThat(out).doesNotContain("\r").endsWith(System.lineSeparator());
        String[] lines = out.split(System.lineSeparator());
        // 20 s at one line per 5 s: 3 in-between lines and the final one, which appears exactly once
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("embed t test 50/200 clips  10.0 clips/s  ETA 0:15");
        assertThat(lines[3]).startsWith("embed t test 200/200 clips");
        assertThat(out.split("200/200", -1)).hasSize(2);
    }

    @Test
    void aTerminalGetsOneLiveLineEndedOnce() {
        run(progress(Progress.Mode.LIVE));
        String out = text.toString();
        assertThat(out).startsWith("\r").endsWith("200/200 clips  10.0 clips/s  ETA 0:00" + System.lineSeparator());
        assertThat(out.split(System.lineSeparator(), -1)).hasSize(2); // one line, one newline at the end
        assertThat(out.split("\r", -1).length - 1).isBetween(35, 41); // redrawn about twice a second
    }

    @Test
    void aResultPrintedWhileALiveLineIsShownGetsALineOfItsOwn() {
        Progress p = progress(Progress.Mode.LIVE);
        nanos.addAndGet(1_000_000_000L);
        p.advance(1);
        p.clearLine();
        text.append("result.npy\n");
        nanos.addAndGet(1_000_000_000L);
        p.advance(1);
        String out = text.toString();
        String shown = "\rembed t test 1/200 clips  1.0 clips/s  ETA 3:19";
        assertThat(out).startsWith(shown + "\r" + " ".repeat(shown.length() - 1) + "\rresult.npy\n\rembed t test 2/200");
        // the log mode never needs erasing
        StringWriter log = new StringWriter();
        Progress l = new Progress(new PrintWriter(log), "x", 2, "files", Progress.Mode.LOG, nanos::get);
        l.advance(1);
        l.clearLine();
        assertThat(log.toString()).isEmpty();
    }

    @Test
    void aRunStoppedEarlyEndsWithWhereItStopped() {
        Progress p = progress(Progress.Mode.LOG);
        nanos.addAndGet(1_000_000_000L);
        p.advance(7, "120x real time");
        p.finish();
        p.finish();
        assertThat(text.toString()).isEqualTo("embed t test 7/200 clips  7.0 clips/s, 120x real time  ETA 0:27"
                + System.lineSeparator());
    }
}
