package org.hares.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.hares.model.weights.HaikuParameter;
import org.hares.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter names, shapes and counts against the reference's lists; MACs against the spec. */
class ArchitectureTest {

    @ParameterizedTest
    @CsvSource({"slowfast-nfnet-f0, 62970654, 474", "nfnet-f0-slow, 56636828, 231", "nfnet-f0-fast, 899842, 231"})
    void parameterCounts(String id, long scalars, int arrays) {
        List<HaikuParameter> params = ModelArchitecture.parse(id).newBlock().haikuParameters();
        assertThat(params).hasSize(arrays);
        assertThat(params.stream().mapToLong(HaikuParameter::size).sum()).isEqualTo(scalars);
    }

    @ParameterizedTest
    @CsvSource({"slowfast-nfnet-f0, param_names_slowfast_nfnet_f0.txt", "nfnet-f0-slow, param_names_nfnet_f0_slow.txt",
        "nfnet-f0-fast, param_names_nfnet_f0_fast.txt"})
    void namesAndShapesInCreationOrder(String id, String file) throws IOException {
        List<String> expected = Files.readAllLines(Golden.file(file)).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\t")[0] + " " + l.split("\t")[1].replace(" ", ""))
                .toList();
        List<String> actual = ModelArchitecture.parse(id).newBlock().haikuParameters().stream()
                .map(p -> p.key() + " " + Arrays.toString(p.haikuShape()).replace(" ", ""))
                .toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void multiplyAccumulatesOnA400By128Input() {
        assertThat(ModelArchitecture.SLOWFAST_NFNET_F0.newBlock().macs(400, 128)).isEqualTo(7_464_878_080L);
        assertThat(ModelArchitecture.NFNET_F0_SLOW.newBlock().macs(400, 128) / 1e9).isCloseTo(23.61, within(0.005));
        assertThat(ModelArchitecture.NFNET_F0_FAST.newBlock().macs(400, 128) / 1e9).isCloseTo(0.374, within(0.0005));
    }

    @Test
    void embeddingSizes() {
        assertThat(ModelArchitecture.SLOWFAST_NFNET_F0.embeddingSize()).isEqualTo(3456);
        assertThat(ModelArchitecture.NFNET_F0_SLOW.embeddingSize()).isEqualTo(3072);
        assertThat(ModelArchitecture.NFNET_F0_FAST.embeddingSize()).isEqualTo(384);
    }

    @Test
    void parseNamesTheValidIds() {
        assertThat(ModelArchitecture.parse("nfnet-f0-fast")).isEqualTo(ModelArchitecture.NFNET_F0_FAST);
        assertThatThrownBy(() -> ModelArchitecture.parse("resnet50"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model 'resnet50'; valid: slowfast-nfnet-f0, nfnet-f0-slow, nfnet-f0-fast, slowfast-test");
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
