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

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(cli.run("--no-such-option")).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option: '--no-such-option'");
    }
}
