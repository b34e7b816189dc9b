package org.hares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hares bench heads} on a small, well-separated synthetic set. */
class BenchHeadsCommandTest {

    @TempDir
    Path dir;

    @Test
    void timesBothProtocolsAndSavesTheEmbeddingsForThePeer() {
        CliRun cli = new CliRun();
        int code = cli.run("bench", "heads", "--rows", "300", "--dim", "12", "--classes", "3", "--test-rows", "90",
                "--latent", "4", "--separation", "3", "--steps", "50", "--save", dir.toString());
        assertThat(code).isZero();
        String s = cli.out();
        Matcher accuracy = Pattern.compile("test accuracy ([0-9.]+) %").matcher(s);
        assertThat(accuracy.find()).as(s).isTrue();
        assertThat(Double.parseDouble(accuracy.group(1))).isGreaterThan(80); // chance is about 33 %
        assertThat(s).contains("paper protocol, linear head, batch 64:").contains("paper protocol, MLP-512 head, batch 128:");
        NpyArray x = Npy.read(dir.resolve("x_train.npy"));
        assertThat(x.shape()).containsExactly(300, 12);
        NpyArray y = Npy.read(dir.resolve("y_test.npy"));
        assertThat(y.shape()).containsExactly(90);
        assertThat(java.util.Arrays.stream(y.toLongs()).allMatch(label -> label >= 0 && label < 3)).isTrue();
    }

    @Test
    void refusesDegenerateSizes() {
        CliRun cli = new CliRun();
        assertThat(cli.run("bench", "heads", "--classes", "1")).isEqualTo(2);
        assertThat(cli.err()).contains("--classes >= 2");
    }
}
