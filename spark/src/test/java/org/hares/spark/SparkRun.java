package org.hares.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** {@code hares spark ...} run in-process, its output and error captured. */
final class SparkRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static SparkRun of(String... args) {
        SparkRun run = new SparkRun();
        CommandLine cl = SparkMain.commandLine();
        cl.setOut(new PrintWriter(run.out, true));
        cl.setErr(new PrintWriter(run.err, true));
        run.code = cl.execute(args);
        return run;
    }

    private int code;

    int code() {
        return code;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public String toString() {
        return "exit " + code + "\n" + out + err;
    }
}
