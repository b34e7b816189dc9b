package org.hares.eval.report;

import org.hares.data.hares.HaresTasks;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders {@code report.html} in headless Chromium (Debian's {@code chromium}): no console errors,
 * one chart per task and per domain in the rendered DOM, a screenshot that is not blank.
 */
@Tag("slow")
class ReportHtmlChromiumTest {

    private static final String CHROMIUM = "/usr/bin/chromium";

    @TempDir
    Path tmp;

    @Test
    void reportRendersWithoutConsoleErrorsWithAChartPerTaskAndDomain() throws Exception {
        List<TaskResult> tasks = HaresScoreTest.results(PaperResults.BYOL_A_OURS, List.of("voxceleb1", "audioset"));
        EvalResults results = new EvalResults(Map.of("name", "logmel-stats", "fingerprint", "test"),
                HaresScore.of(HaresTasks.suite(), tasks), tasks, Map.of("voxceleb1", "not selected", "audioset", "not selected"),
                Map.of("protocol", "paper", "seeds", 1));
        EvalReports.write(results, tmp.resolve("out"));
        Path page = tmp.resolve("out/report.html");

        Run dom = chromium("--dump-dom", page.toUri().toString());
        assertThat(count(dom.stdout(), "data-task=\"")).isEqualTo(10);
        assertThat(count(dom.stdout(), "data-domain=\"")).isEqualTo(3);
        assertThat(consoleErrors(dom.stderr())).isEmpty();

        Path shot = tmp.resolve("shot.png");
        chromium("--screenshot=" + shot, "--window-size=1200,1400", page.toUri().toString());
        BufferedImage image = ImageIO.read(shot.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(5);
    }

    @Test
    void theConsoleCheckDetectsAnError() throws Exception {
        Path page = Files.writeString(tmp.resolve("bad.html"),
                "<!DOCTYPE html><html><body><script>console.error('boom'); undefinedFunction();</script></body></html>");
        assertThat(consoleErrors(chromium("--dump-dom", page.toUri().toString()).stderr())).isNotEmpty();
    }

    private record Run(String stdout, String stderr) {}

    private Run chromium(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Lines where Chromium logs a console message or an uncaught exception of the page. */
    private static List<String> consoleErrors(String stderr) {
        return stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")).toList();
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
