package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hares.testing.datasets.Esc50Fixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README "Evaluate your own model": the example it shows is the committed script, and what it exports hares evaluates. */
class TorchScriptExampleTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = REPO.resolve("examples/export_torchscript.py");

    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();

    @Test
    void theReadmeShowsTheCommittedScript() throws IOException {
        String script = Files.readString(SCRIPT);
        String body = script.substring(script.indexOf("\nimport ") + 1);
        assertThat(Files.readString(REPO.resolve("README.md"))).contains("```python\n" + body + "```\n");
    }

    /** Slow (Python starts torch, then an evaluation): 40-60 s here. */
    @Test
    @Tag("slow")
    void theExportedModuleIsEvaluated() throws Exception {
        assumeTrue(pythonHasTorch(), "needs /usr/bin/python3 with torch (Debian: apt-get install python3-torch)");
        Path module = tmp.resolve("encoder.pt");
        Process export = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), module.toString()).redirectErrorStream(true).start();
        assertThat(export.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).as(new String(export.getInputStream().readAllBytes())).isZero();

        Path esc = Esc50Fixture.write(tmp.resolve("ESC-50-master"), 1.0);
        assertThat(cli.run("eval", "--model", "torchscript:" + module, "--task", "esc50=" + esc, "--protocol", "fast",
                "--cache", tmp.resolve("cache").toString(), "--out", tmp.resolve("out").toString(), "--threads", "1"))
                .as(cli.err()).isZero();
        JsonObject model = JsonParser.parseString(Files.readString(tmp.resolve("out/results.json"))).getAsJsonObject()
                .getAsJsonObject("model");
        assertThat(model.get("embedding_size").getAsInt()).isEqualTo(32);
        assertThat(model.get("input").getAsString()).isEqualTo("logmel");
    }

    private static boolean pythonHasTorch() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
