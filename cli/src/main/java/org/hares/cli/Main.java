package org.hares.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
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
                org.hares.cli.export.ExportCommand.class,
                DemoCommand.class,
                org.hares.cli.train.PretrainCommand.class})
public final class Main implements Runnable {

    /** Exit code for errors nobody anticipated (a bug): the stack trace is printed. */
    static final int EXIT_INTERNAL = 1;
    /** Exit code for a bad command line or bad configuration value. */
    static final int EXIT_USAGE = 2;
    /** Exit code for I/O failures outside the typed errors. */
    static final int EXIT_IO = 3;

    @CommandLine.Mixin
    Debug debug;

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
        return configure(new CommandLine(new Main()));
    }

    /**
     * One-line errors with exit codes, out-of-memory as a setting to change, case-insensitive enums:
     * the configuration every {@code hares} entry point ({@code hares}, {@code hares spark}) shares.
     */
    public static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError e) {
                // picocli passes Errors through; this one is a setting to change, not a crash
                CommandLine.Model.CommandSpec command = executed(parseResult);
                throw new CommandLine.ExecutionException(command.commandLine(), "out of memory",
                        notEnoughMemory("the Java heap ran out: " + e.getMessage(), command));
            }
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** {@code --debug}, inherited by every subcommand; the root of each entry point ({@code hares}, {@code hares spark}) mixes it in. */
    public static final class Debug {

        @Option(names = "--debug", description = "Print stack traces with error messages.", scope = CommandLine.ScopeType.INHERIT)
        boolean debug;

        /** Whether {@code --debug} was given, before or after the verb ({@code hares --debug eval}, {@code hares eval --debug}). */
        static boolean given(ParseResult parseResult) {
            for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("--debug")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Maps exceptions to one line on stderr and an exit code (also used by {@code hares spark}). */
    public static final class ErrorHandler implements IExecutionExceptionHandler {

        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
            PrintWriter err = cl.getErr();
            boolean debug = Debug.given(parseResult) || "1".equals(System.getenv("HARES_DEBUG"));
            int code;
            if (isNativeOutOfMemory(ex)) {
                ex = notEnoughMemory("libtorch could not allocate: " + firstLine(ex.getMessage()), executed(parseResult));
            }
            if (ex instanceof HaresException he) {
                err.println("hares: error: " + firstLine(he.getMessage()));
                code = he.exitCode();
            } else if (ex instanceof IllegalArgumentException) {
                err.println("hares: invalid argument: " + firstLine(ex.getMessage()));
                code = EXIT_USAGE;
            } else if (ex instanceof UncheckedIOException) {
                err.println("hares: I/O error: " + firstLine(ex.getMessage()));
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

    /** What a results file records about the run that made it: the hares version and the command line. */
    static java.util.Map<String, Object> runProvenance(CommandLine.Model.CommandSpec command) {
        java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("hares_version", new Version().getVersion()[0].substring("hares ".length()));
        CommandLine root = command.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        List<String> args = root.getParseResult() == null ? List.of() : root.getParseResult().originalArgs();
        p.put("command_line", "hares " + String.join(" ", args));
        return p;
    }

    /** The (sub)command that ran. */
    static CommandLine.Model.CommandSpec executed(ParseResult parseResult) {
        ParseResult p = parseResult;
        while (p.subcommand() != null) {
            p = p.subcommand();
        }
        return p.commandSpec();
    }

    /** One line: messages that carry a native traceback or a listing keep their first line ({@code --debug} shows all). */
    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static boolean isNativeOutOfMemory(Exception ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ai.djl.engine.EngineException && t.getMessage() != null
                    && (t.getMessage().contains("not enough memory") || t.getMessage().contains("out of memory"))) {
                return true;
            }
        }
        return false;
    }

    /** Exit 5 with the settings of this verb that lower its memory use. */
    static HaresException notEnoughMemory(String what, CommandLine.Model.CommandSpec command) {
        List<String> settings = java.util.stream.Stream.of("--batch-size", "--window", "--threads", "--train-crops")
                .filter(o -> command.findOption(o) != null).toList();
        return new org.hares.eval.InsufficientMemoryException("not enough memory in 'hares " + command.name() + "' (" + what
                + "): " + (settings.isEmpty() ? "" : "lower " + String.join(" or ", settings) + ", or ")
                + "give the JVM more heap with HARES_JAVA_OPTS=-Xmx<size> (now " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB)");
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
