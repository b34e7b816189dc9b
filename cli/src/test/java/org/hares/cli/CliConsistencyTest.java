package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hares.embed.EmbeddingCache;
import org.hares.embed.EmbeddingModels;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** One name per idea across verbs, the same placeholders everywhere, and help, launcher and README agreeing. */
class CliConsistencyTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private final CliRun cli = new CliRun();

    @Test
    void everyOptionValueHasAnUppercasePlaceholderOrItsChoices() {
        List<String> bad = new ArrayList<>();
        collect(Main.commandLine(), bad);
        assertThat(bad).as("options whose value placeholder is picocli's <fieldName> or lower case").isEmpty();
        assertThat(cli.run("eval", "--help")).isZero();
        assertThat(cli.out()).contains("--batch-size=N").contains("--model=ID").contains("--out=DIR").doesNotContain("=<");
    }

    private static void collect(CommandLine cl, List<String> bad) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            String label = o.paramLabel();
            if (o.arity().max() > 0 && !o.hidden() && !(label.matches("[A-Z][A-Z0-9_\\[\\]:=,.]*") || label.contains("|"))) {
                bad.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName() + " " + label);
            }
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, bad));
    }

    @Test
    void everyCommandsHelpRendersWithoutPicocliFormatWarnings() {
        // a bare % in a description is a format specifier to picocli: it warns and prints the raw text
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> usages = new ArrayList<>();
        try {
            renderAll(Main.commandLine(), usages);
        } finally {
            System.setErr(err);
        }
        assertThat(usages).hasSizeGreaterThan(10);
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(String.join("\n", usages)).doesNotContain("%n");
    }

    private static void renderAll(CommandLine cl, List<String> usages) {
        usages.add(cl.getUsageMessage());
        cl.getSubcommands().values().forEach(sub -> renderAll(sub, usages));
    }

    @Test
    void evalEmbedAndDemoHelpListEveryModel() {
        for (String verb : new String[] {"eval", "embed", "demo"}) {
            cli.clear();
            assertThat(cli.run(verb, "--help")).isZero();
            String help = cli.out().replaceAll("\\s+", ""); // help wraps long lines anywhere
            for (String model : EmbeddingModels.NAMES.split(", ")) {
                assertThat(help).as(verb + " --help").contains(model);
            }
        }
    }

    @Test
    void batchSizeIsWindowsPerForwardPassInEvalAndEmbed() {
        for (String verb : new String[] {"eval", "embed"}) {
            cli.clear();
            assertThat(cli.run(verb, "--help")).isZero();
            assertThat(cli.out()).as(verb).containsPattern("--batch-size=N\\s+Windows per forward pass \\(default: 32\\)");
        }
    }

    @Test
    void streamsIsTheOneOptionForExtractionStreamsWhereverTheModelRunsAndTheReadmeSaysSo() throws IOException {
        for (String[] verb : new String[][] {{"eval"}, {"demo"}, {"embed"}, {"bench", "model"}}) {
            cli.clear();
            String[] help = java.util.Arrays.copyOf(verb, verb.length + 1);
            help[verb.length] = "--help";
            assertThat(cli.run(help)).isZero();
            assertThat(cli.out().replaceAll("\\s+", " ")).as(String.join(" ", verb))
                    .contains("--streams=N").contains("of libtorch's intra-op threads")
                    .contains("onnx: clamped to 1");
        }
        String readme = Files.readString(REPO.resolve("README.md"));
        assertThat(readme).contains("| `--streams N` |").contains("--streams 1,2");
    }

    @Test
    void skipBadAudioIsTheOneNameOnEveryVerbThatReadsAudio() {
        for (String verb : new String[] {"check", "eval", "features"}) {
            cli.clear();
            assertThat(cli.run(verb, "--help")).isZero();
            String help = cli.out().replaceAll("\\s+", " ");
            assertThat(help).as(verb).contains("--skip-bad-audio Skip").contains("absent, empty or undecodable")
                    .doesNotContain("--skip-bad-files").doesNotContain("--skip-bad ");
        }
    }

    @Test
    void launcherHelpAndReadmeAgreeOnWhereTheCacheLives() throws IOException {
        String where = "~/.cache/hares/embeddings";
        if (System.getenv("HARES_CACHE") == null) {
            assertThat(EmbeddingCache.defaultRoot()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache/hares/embeddings"));
        }
        assertThat(cli.run("eval", "--help")).isZero();
        assertThat(cli.out().replaceAll("\\s+", "")).contains("--cache=DIREmbeddingcache(default:$HARES_CACHE,else" + where + ")");
        String launcher = Files.readString(REPO.resolve("hares"));
        assertThat(launcher.lines().filter(l -> l.contains("HARES_CACHE")).toList())
                .singleElement().asString().contains("(default: " + where + ")");
        String readme = Files.readString(REPO.resolve("README.md"));
        assertThat(readme).contains("`$HARES_CACHE`, else `" + where + "`").doesNotContain(".cache/embeddings in this checkout");
    }
}
