package org.hares.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hares.eval.DemoSuite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar through Spark's own submission client, {@code org.apache.spark.deploy.SparkSubmit}
 * (what {@code spark-submit} runs), with {@code --master local[2]}: Spark's jars on the client's class
 * path, hares and the libraries only it uses (DJL, libtorch, FFmpeg, picocli, ...) only in the shaded jar. Runs after
 * {@code package} (failsafe) with {@code -Pslow}.
 */
@Tag("slow")
class SparkSubmitIT {

    @TempDir
    Path tmp;

    @Test
    void embedAndEvalThroughSparkSubmitWithTheShadedJar() throws Exception {
        Path jar = Path.of(System.getProperty("hares.spark.clusterJar"));
        assertThat(jar).isRegularFile();
        String sparkClasspath = String.join(":", providedJars());
        Path suite = DemoSuite.locate();
        Path out = tmp.resolve("embeddings");
        Path log = tmp.resolve("submit.log");
        int code = submit(sparkClasspath, jar, log, "embed", "--model", "slowfast-test", "--limit", "2",
                "--task", "nsynth_pitch=" + suite.resolve("nsynth"), "--out", out.toString());
        assertThat(code).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("every clip embedded; no errors");
        assertThat(SparkJobTest.countFiles(out.resolve(EmbeddingTable.COMMITTED))).isPositive();

        Path report = tmp.resolve("report");
        code = submit(sparkClasspath, jar, log, "eval", "--embeddings", out.toString(), "--protocol", "fast",
                "--out", report.toString());
        assertThat(code).as(Files.readString(log)).isZero();
        assertThat(report.resolve("results.json")).isRegularFile();
        assertThat(Files.readString(report.resolve("results.json"))).contains("\"nsynth_pitch\"");
    }

    private static int submit(String sparkClasspath, Path jar, Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", sparkClasspath, "-Xmx1g", "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--driver-java-options", "-Dai.djl.offline=true -Dlog4j2.configurationFile=hares-spark-log4j2.properties",
                "--class", SparkMain.class.getName(), jar.toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in 10 minutes");
        }
        return p.exitValue();
    }

    /** What hares adds to Spark: its modules and the libraries only it uses (all inside the shaded jar). */
    private static final List<String> HARES_ONLY = List.of("/hares-", "/target/classes", "/ai/djl/", "/com/microsoft/onnxruntime/", "/org/bytedeco/",
            "/info/picocli/", "/de/bwaldvogel/", "/org/snakeyaml/", "/com/github/wendykierp/", "/commons-statistics",
            "/commons-numbers", "/commons-csv");

    /** Spark and its dependencies, as a Spark installation's jars/ folder holds them: the module's class path less hares. */
    private static Set<String> providedJars() throws IOException {
        Set<String> jars = new LinkedHashSet<>(Arrays.asList(
                Files.readString(Path.of(System.getProperty("hares.spark.localClasspath"))).trim().split(":")));
        jars.removeIf(j -> HARES_ONLY.stream().anyMatch(j::contains));
        return jars;
    }
}
