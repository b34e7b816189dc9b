package org.hares.cli.export;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hares export}: hands hares' tasks to other tools, in their formats. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write tasks in other tools' formats (hear: a hear-preprocess task folder).",
        subcommands = {ExportHearCommand.class})
public final class ExportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
