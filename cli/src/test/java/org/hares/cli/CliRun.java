package org.hares.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The command line run in-process, as the launcher runs it, with its standard output and error captured. */
final class CliRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code hares ARGS...}; returns the exit code. */
    int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Forgets what was captured, for the next run's output alone. */
    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    /** Everything written to standard output so far. */
    String out() {
        return out.toString();
    }

    /** Two different clips with the same name, {@code dir/a/X.wav} and {@code dir/b/X.wav}. */
    static java.nio.file.Path[] sameNamedClips(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path a = java.nio.file.Files.createDirectories(dir.resolve("a")).resolve("X.wav");
        java.nio.file.Path b = java.nio.file.Files.createDirectories(dir.resolve("b")).resolve("X.wav");
        java.nio.file.Files.copy(org.hares.testing.Golden.file("tone16k.wav"), a);
        java.nio.file.Files.copy(org.hares.testing.Golden.file("tone44k_stereo.wav"), b);
        return new java.nio.file.Path[] {a, b};
    }

    /** Everything written to standard error so far. */
    String err() {
        return err.toString();
    }
}
