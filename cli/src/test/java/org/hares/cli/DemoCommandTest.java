package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hares.eval.DemoSuite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hares demo} on the shipped suite: a subset with the tiny network by default, the whole demo when tagged slow. */
class DemoCommandTest {

    private static final String[] TASKS = {"esc50:default", "speech_commands_v2:default", "voxforge:default",
        "nsynth_pitch:default", "nsynth_instrument:default"};

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void subsetOfTheSuiteEndToEndThenFromTheCache() throws Exception {
        Path outDir = dir.resolve("out");
        String[] args = {"demo", "--model", "slowfast-test", "--limit", "12", "--suite", DemoSuite.locate().toString(),
            "--cache", dir.resolve("cache").toString(), "--out", outDir.toString()};
        assertThat(cli.run(args)).as(cli.err()).isZero();
        assertOutputs(outDir, "slowfast-test (seed 0)");
        String first = Files.readString(outDir.resolve("comparison.md"));
        Map<Path, FileTime> cached = cacheFiles(dir.resolve("cache"));
        assertThat(cached).isNotEmpty();

        // the second run reads every embedding from the cache (none is written again) and gives the same table
        cli.clear();
        assertThat(cli.run(args)).as(cli.err()).isZero();
        assertThat(cacheFiles(dir.resolve("cache"))).isEqualTo(cached);
        assertThat(Files.readString(outDir.resolve("comparison.md"))).isEqualTo(first);
    }

    @Test
    void missingSuiteIsOneLine() {
        assertThat(cli.run("demo", "--suite", dir.resolve("nowhere").toString(), "--out", dir.toString())).isEqualTo(3);
        assertThat(cli.err()).startsWith("hares: error: ").contains("nowhere");
    }

    @Test
    @Tag("slow")
    void wholeDemoWithSlowfastNfNetF0() throws Exception {
        Path outDir = dir.resolve("out");
        assertThat(cli.run("demo", "--cache", dir.resolve("cache").toString(), "--out", outDir.toString()))
                .as(cli.err()).isZero();
        assertOutputs(outDir, "slowfast-nfnet-f0 (seed 0)");
    }

    private static Map<Path, FileTime> cacheFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            Map<Path, FileTime> times = new TreeMap<>();
            // the per-split ready markers are refreshed on every run; the embeddings themselves must not be
            for (Path f : files.filter(p -> p.toString().endsWith(".npz")).toList()) {
                times.put(f, Files.getLastModifiedTime(f));
            }
            return times;
        }
    }

    private void assertOutputs(Path outDir, String network) throws Exception {
        String table = Files.readString(outDir.resolve("comparison.md"));
        assertThat(table).contains("not comparable with the paper").contains("| chance | " + network + " | logmel-stats |");
        for (String task : TASKS) {
            assertThat(table).contains("| " + task + " | accuracy | ");
        }
        assertThat(table).contains("| **HARES** | partial mean |");
        assertThat(cli.out()).contains(table.lines().findFirst().orElseThrow());
        for (String model : new String[] {network.substring(0, network.indexOf(' ')), "logmel-stats"}) {
            assertThat(outDir.resolve(model).resolve("results.json")).isRegularFile();
            assertThat(outDir.resolve(model).resolve("report.html")).isRegularFile();
        }
    }
}
