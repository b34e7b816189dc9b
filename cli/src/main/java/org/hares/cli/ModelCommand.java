package org.hares.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hares model ...}: facts about the networks. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Facts about the networks.",
        subcommands = {ModelInfoCommand.class, ModelConvertCommand.class})
public final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
