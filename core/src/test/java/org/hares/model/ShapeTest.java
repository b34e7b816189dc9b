package org.hares.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.hares.model.weights.HaikuInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seed's shape tests, in training and in inference mode, plus odd sizes. */
class ShapeTest extends ArraysTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"slowfast-nfnet-f0, 3456", "nfnet-f0-slow, 3072", "nfnet-f0-fast, 384"})
    void seedShapesInInferenceAndTrainingMode(String id, int size) {
        Shape input = new Shape(2, 400, 128, 1);
        SpectrogramEncoder block = ModelArchitecture.parse(id).newBlock();
        HaikuInit.seeded(block.haikuParameters(), 0);
        try (NDManager scope = manager.newSubManager()) {
            block.initialize(scope, DataType.FLOAT32, input);
            NDArray x = scope.randomUniform(-1, 1, input);
            for (boolean training : new boolean[] {false, true}) {
                NDArray y = block.forward(new ParameterStore(scope, false), new NDList(x), training).head();
                assertThat(y.getShape()).as("training=%s", training).isEqualTo(new Shape(2, size));
                assertThat(y.isNaN().any().getBoolean()).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0} frames")
    @CsvSource({"1, 1", "3, 7", "5, 128", "401, 40", "13, 5"})
    void anyTimeLengthAndFrequencySize(int frames, int freq) {
        for (boolean training : new boolean[] {false, true}) {
            assertThat(outputShape(ModelArchitecture.SLOWFAST_TEST, new Shape(1, frames, freq, 1), training))
                    .isEqualTo(new Shape(1, ModelArchitecture.SLOWFAST_TEST.embeddingSize()));
        }
        assertThat(outputShape(ModelArchitecture.NFNET_F0_FAST, new Shape(1, frames, freq, 1), false))
                .isEqualTo(new Shape(1, 384));
    }

    @org.junit.jupiter.api.Test
    void refusesAnInputWithoutTheChannelAxis() {
        SpectrogramEncoder block = ModelArchitecture.SLOWFAST_TEST.newBlock();
        HaikuInit.seeded(block.haikuParameters(), 0);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 8, 1));
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.zeros(new Shape(2, 40, 16));
            assertThatThrownBy(() -> block.forward(new ParameterStore(scope, false), new NDList(x), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(batch, time, freq, 1)").hasMessageContaining("(2, 40, 16)");
        }
    }

    private static Shape outputShape(ModelArchitecture arch, Shape input, boolean training) {
        SpectrogramEncoder block = arch.newBlock();
        HaikuInit.seeded(block.haikuParameters(), 0);
        try (NDManager scope = manager.newSubManager()) {
            block.initialize(scope, DataType.FLOAT32, input);
            NDArray x = scope.randomUniform(-1, 1, input);
            NDArray y = block.forward(new ParameterStore(scope, false), new NDList(x), training).head();
            assertThat(y.isNaN().any().getBoolean()).isFalse();
            return y.getShape();
        }
    }
}
