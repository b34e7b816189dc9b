package org.hares.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hares bench ...}: throughput benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Throughput benchmarks.",
        subcommands = {BenchModelCommand.class, BenchHeadsCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
