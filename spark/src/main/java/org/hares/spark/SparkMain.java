package org.hares.spark;

import org.hares.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hares spark}: embeddings on a Spark cluster ({@code embed}) and the evaluation from them
 * ({@code eval}). The {@code hares} launcher runs it with Spark on the class path and an embedded
 * local master; on a cluster, {@code spark-submit --class org.hares.spark.SparkMain hares-spark-cluster.jar embed ...}.
 */
@Command(name = "hares spark", mixinStandardHelpOptions = true,
        description = "HARES on Apache Spark: embed the tasks' clips on executors into Parquet; evaluate from the Parquet files.",
        subcommands = {CommandLine.HelpCommand.class, SparkEmbedCommand.class, SparkEvalCommand.class})
public final class SparkMain implements Runnable {

    @CommandLine.Mixin
    Main.Debug debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return Main.configure(new CommandLine(new SparkMain()));
    }
}
