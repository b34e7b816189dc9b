package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    private final CliRun cli = new CliRun();

    @Test
    void helpListsTheCommand() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("Usage: hares");
    }

    /** A verb with the usual memory settings that fails as asked. */
    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--batch-size")
        int batchSize;
        @picocli.CommandLine.Option(names = "--native")
        boolean nativeFailure;

        @Override
        public Integer call() {
            if (nativeFailure) {
                throw new ai.djl.engine.EngineException("DefaultCPUAllocator: not enough memory: you tried to allocate "
                        + "93675241472 bytes.\nException raised from alloc_cpu at ../c10/core/impl/alloc_cpu.cpp:124");
            }
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void runningOutOfMemoryIsOneLineNamingTheSettingToChange() {
        for (String[] args : new String[][] {{"boom"}, {"boom", "--native"}}) {
            picocli.CommandLine cl = Main.commandLine().addSubcommand(new Boom());
            java.io.StringWriter err = new java.io.StringWriter();
            cl.setErr(new java.io.PrintWriter(err, true));
            assertThat(cl.execute(args)).isEqualTo(5);
            assertThat(err.toString().lines().toList()).singleElement().asString()
                    .startsWith("hares: error: not enough memory in 'hares boom' (")
                    .contains(args.length == 1 ? "the Java heap ran out: Java heap space"
                            : "libtorch could not allocate: DefaultCPUAllocator: not enough memory: you tried to allocate 93675241472 bytes.")
                    .contains("): lower --batch-size, or give the JVM more heap with HARES_JAVA_OPTS=-Xmx<size> (now ");
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(cli.run("--no-such-option")).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void debugIsInheritedByEveryVerbAndShowsTheStackTrace() {
        assertThat(cli.run("eval", "--task", "esc50=/no/such/folder", "--model", "logmel-stats")).isEqualTo(3);
        assertThat(cli.err()).doesNotContain("\tat org.hares");
        cli.clear();
        assertThat(cli.run("eval", "--debug", "--task", "esc50=/no/such/folder", "--model", "logmel-stats")).isEqualTo(3);
        assertThat(cli.err()).contains("no such dataset folder").contains("\tat org.hares");
    }
}
