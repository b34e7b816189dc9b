package org.hares.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hares.io.NpyArray;
import org.hares.model.weights.HaikuCheckpoint;
import org.hares.model.weights.HaikuInit;
import org.hares.model.weights.HaikuParameter;
import org.hares.testing.GoldenWeights;
import org.junit.jupiter.api.Test;

/** Training mode: gradients reach every array, agree with finite differences, and optimiser steps lower a loss. */
class TrainingTest extends ArraysTest {

    @Test
    void everyArrayOfTheFullModelGetsANonZeroGradient() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_NFNET_F0;
        try (NDManager scope = manager.newSubManager()) {
            SpectrogramEncoder block = arch.newBlock(0);
            List<HaikuParameter> params = block.haikuParameters();
            HaikuInit.zeros(params);
            Shape input = new Shape(2, 48, 32, 1);
            block.initialize(scope, DataType.FLOAT32, input);
            // golden weights: every skip_gain non-zero, so every branch carries gradient
            HaikuCheckpoint.copyInto(params, GoldenWeights.arrays(params, 0));
            NDArray x = scope.create(GoldenWeights.input(2, 48, 32, 0), input);
            NDArray projection = scope.randomNormal(new Shape(2, arch.embeddingSize()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(scope, false), new NDList(x), true).head();
                gc.backward(out.mul(projection).sum());
            }
            List<String> withoutGradient = new ArrayList<>();
            for (HaikuParameter p : params) {
                if (p.parameter().getArray().getGradient().abs().max().getFloat() == 0f) {
                    withoutGradient.add(p.key());
                }
            }
            assertThat(params).hasSize(474);
            assertThat(withoutGradient).isEmpty();
        }
    }

    @Test
    void analyticGradientsAgreeWithFiniteDifferences() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        try (NDManager scope = manager.newSubManager()) {
            SpectrogramEncoder block = arch.newBlock(0);
            SplittableRandom r = new SplittableRandom(11);
            block.setInitializer((m, shape, type) -> m.create(shape.dimension() >= 2
                    ? r.doubles(shape.size(), -1, 1).map(v -> v / Math.sqrt(shape.size() / shape.get(0))).toArray()
                    : r.doubles(shape.size(), 0.5, 1.5).toArray(), shape), p -> true);
            Shape input = new Shape(2, 29, 12, 1);
            block.initialize(scope, DataType.FLOAT64, input);
            NDArray x = scope.create(r.doubles(input.size(), -1, 1).toArray(), input);
            NDArray projection = scope.create(r.doubles(2L * arch.embeddingSize(), -1, 1).toArray(),
                    new Shape(2, arch.embeddingSize()));
            ParameterStore ps = new ParameterStore(scope, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss(block, ps, x, projection));
            }
            Map<String, HaikuParameter> byKey = new java.util.HashMap<>();
            block.haikuParameters().forEach(p -> byKey.put(p.key(), p));
            String net = "slow_fast_nf_net/~/";
            for (String key : List.of(net + "NFNet/~/stem_conv0/w", net + "NFNet_1/~/stem_conv3/gain",
                    net + "fuse_fast2_slow_2/~/conv_f2s/w", net + "NFNet_1/~/nf_block_1/~/conv1b/w",
                    net + "NFNet/~/nf_block_2/skip_gain", net + "NFNet_1/~/nf_block/~/squeeze_excite/~/linear/w",
                    net + "NFNet/~/nf_block_4/~/squeeze_excite/~/linear_1/b", net + "NFNet_1/~/final_conv/bias")) {
                Parameter p = byKey.get(key).parameter();
                double[] grad = p.getArray().getGradient().toDoubleArray();
                double[] values = p.getArray().toDoubleArray();
                for (int i : new int[] {0, values.length / 2, values.length - 1}) {
                    double h = 1e-5;
                    double saved = values[i];
                    values[i] = saved + h;
                    p.getArray().set(values);
                    double up = loss(block, ps, x, projection).getDouble();
                    values[i] = saved - h;
                    p.getArray().set(values);
                    double down = loss(block, ps, x, projection).getDouble();
                    values[i] = saved;
                    p.getArray().set(values);
                    double numeric = (up - down) / (2 * h);
                    assertThat(grad[i]).as("%s[%d]", key, i)
                            .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
                }
            }
        }
    }

    private static NDArray loss(SpectrogramEncoder block, ParameterStore ps, NDArray x, NDArray projection) {
        return block.forward(ps, new NDList(x), true).head().mul(projection).sum();
    }

    @Test
    void optimiserStepsOnAFixedBatchLowerTheLossAndInferenceSeesTheNewWeights() {
        ModelArchitecture arch = ModelArchitecture.SLOWFAST_TEST;
        SpectrogramEncoder block = arch.newBlock(0);
        HaikuInit.seeded(block.haikuParameters(), 1);
        try (Model model = Model.newInstance("train-test")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                Shape input = new Shape(4, 40, 16, 1);
                trainer.initialize(input);
                NDManager m = trainer.getManager();
                NDArray x = m.randomUniform(-1, 1, input);
                NDArray y = m.randomNormal(new Shape(4, arch.embeddingSize())).mul(0.1);
                ParameterStore ps = new ParameterStore(m, false);
                NDArray before = block.forward(ps, new NDList(x), false).head();
                List<Float> losses = new ArrayList<>();
                for (int step = 0; step < 6; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                        losses.add(loss.getFloat());
                        gc.backward(loss);
                    }
                    trainer.step();
                }
                assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) * 0.9f);
                NDArray inference = block.forward(ps, new NDList(x), false).head();
                NDArray uncached = block.forward(ps, new NDList(x), true).head();
                assertThat(inference.sub(before).abs().max().getFloat()).isGreaterThan(1e-4f);
                assertThat(inference.sub(uncached).abs().max().getFloat()).isLessThan(1e-6f);
            }
        }
    }
}
