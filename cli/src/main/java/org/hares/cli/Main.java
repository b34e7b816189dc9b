package org.hares.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.hares.HaresException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The {@code hares} command: one subcommand per verb. */
@Command(
        name = "hares",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "HARES: evaluate audio representations on 12 tasks; run the Slowfast NFNet-F0 model.",
        subcommands = {CommandLine.HelpCommand.class,
                TasksCommand.class,
                CheckCommand.class,
                EmbedCommand.class,
                ModelCommand.class,
                BenchCommand.class,
                FeaturesCommand.class,
                EvalCommand.class,
                DemoCommand.class,
                org.hares.cli.train.PretrainCommand.class})
public final class Main implements Runnable {

    /** Exit code for errors nobody anticipated (a bug): the stack trace is printed. */
    static final int EXIT_INTERNAL = 1;
    /** Exit code for a bad command line or bad configuration value. */
    static final int EXIT_USAGE = 2;
    /** Exit code for I/O failures outside the typed errors. */
    static final int EXIT_IO = 3;

    @Option(names = "--debug", description = "Print stack traces with error messages.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it and read its writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Maps exceptions to one line on stderr and an exit code. */
    static final class ErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
            PrintWriter err = cl.getErr();
            boolean debug = parseResult.hasMatchedOption("--debug") || "1".equals(System.getenv("HARES_DEBUG"));
            int code;
            if (ex instanceof HaresException he) {
                err.println("hares: error: " + he.getMessage());
                code = he.exitCode();
            } else if (ex instanceof IllegalArgumentException) {
                err.println("hares: invalid argument: " + ex.getMessage());
                code = EXIT_USAGE;
            } else if (ex instanceof UncheckedIOException) {
                err.println("hares: I/O error: " + ex.getMessage());
                code = EXIT_IO;
            } else {
                err.println("hares: internal error: " + ex);
                ex.printStackTrace(err);
                return EXIT_INTERNAL;
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        }
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hares " + (v == null ? "dev" : v)};
        }
    }
}
