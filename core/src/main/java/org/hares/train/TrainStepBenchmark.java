package org.hares.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.hares.model.LoadedModel;
import org.hares.model.ModelArchitecture;

/**
 * One training step of the backbone as {@code benchmarks/peer/train_step_peer.py} times it:
 * stochastic depth 0.1, weight standardisation inside autograd, loss = mean of the squared
 * embedding, backward, Adam (lr 1e-4). Returns the wall seconds of each timed step.
 */
public final class TrainStepBenchmark {

    private TrainStepBenchmark() {}

    public static double[] secondsPerStep(ModelArchitecture arch, int batch, int frames, int mels, int warmup, int steps,
            Device device) {
        try (LoadedModel loaded = LoadedModel.load(arch, Optional.empty(), 0, device, ModelArchitecture.DEFAULT_STOCHASTIC_DEPTH);
                Adam adam = new Adam(loaded.model().getNDManager())) {
            List<TrainingModel.Named> params = loaded.block().haikuParameters().stream()
                    .map(p -> new TrainingModel.Named(p.key(), p.parameter(), true)).toList();
            ParameterStore store = new ParameterStore(loaded.model().getNDManager(), false);
            SplittableRandom r = new SplittableRandom(0);
            float[] x = new float[batch * frames * mels];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble(-1, 1);
            }
            double[] seconds = new double[steps];
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                try (NDManager scope = loaded.model().getNDManager().newSubManager()) {
                    for (TrainingModel.Named p : params) {
                        if (p.array().hasGradient()) {
                            try (NDArray g = p.array().getGradient()) {
                                g.subi(g);
                            }
                        }
                    }
                    NDArray input = scope.create(x, new Shape(batch, frames, mels, 1));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray embedding = loaded.block().forward(store, new NDList(input), true).head();
                        gc.backward(embedding.square().mean());
                    }
                    adam.step(params, 1e-4f);
                }
                if (s >= warmup) {
                    seconds[s - warmup] = (System.nanoTime() - t0) / 1e9;
                }
            }
            return seconds;
        }
    }
}
