package org.hares.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Renamed options stay as hidden aliases: a picocli setter method on the old name calls
 * {@link #warn} and then sets the new option's field, so old scripts keep working and say what to change.
 *
 * <pre>{@code
 * @Option(names = "--skip-bad", hidden = true)
 * void deprecatedSkipBad(boolean value) { Deprecations.warn(spec, "--skip-bad", "--skip-bad-audio"); skipBadAudio = value; }
 * }</pre>
 */
public final class Deprecations {

    private Deprecations() {
    }

    /** Prints one line on the command's stderr: {@code hares: warning: --old is deprecated; use --new}. */
    public static void warn(CommandSpec spec, String oldName, String newName) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hares: warning: " + oldName + " is deprecated; use " + newName);
        err.flush();
    }
}
