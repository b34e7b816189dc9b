package org.hares.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hares.data.TaskSpec;
import org.hares.model.LoadedModel;
import org.hares.model.weights.HaikuParameter;

/**
 * The network being trained: the backbone (Haiku parameter names) and the objective's head on its
 * embedding (the SimCLR projector or the supervised classifiers), with every trainable array
 * under a stable name for checkpoints.
 */
final class TrainingModel implements AutoCloseable {

    /** A trainable array and its checkpoint name; {@code backbone} ones are saved in {@code backbone.npz}. */
    record Named(String name, Parameter parameter, boolean backbone) {
        NDArray array() {
            return parameter.getArray();
        }
    }

    private final LoadedModel backbone;
    private final Block head;
    private final ParameterStore store;
    private final List<Named> parameters = new ArrayList<>();

    private TrainingModel(LoadedModel backbone, Block head) {
        this.backbone = backbone;
        this.head = head;
        this.store = new ParameterStore(backbone.model().getNDManager(), false);
        for (HaikuParameter p : backbone.block().haikuParameters()) {
            parameters.add(new Named(p.key(), p.parameter(), true));
        }
        for (Pair<String, Parameter> p : head.getParameters()) {
            parameters.add(new Named("head/" + p.getKey(), p.getValue(), false));
        }
    }

    static TrainingModel create(PretrainConfig config, Optional<TaskSpec> labels, Device device) {
        LoadedModel backbone = LoadedModel.load(config.architecture(),
                Optional.ofNullable(config.checkpoint()).map(Path::of), config.seed(), device, config.stochasticDepth());
        Block head = config.objective() == Objective.SIMCLR
                ? Projector.of(config.projectorWidth(), config.projectorDepth(), config.projectionDim())
                : ClassifierHeads.of(labels.orElseThrow());
        Engine.getInstance().setRandomSeed((int) config.seed());
        head.initialize(backbone.model().getNDManager(), DataType.FLOAT32, new Shape(1, backbone.block().embeddingSize()));
        return new TrainingModel(backbone, head);
    }

    List<Named> parameters() {
        return parameters;
    }

    LoadedModel backbone() {
        return backbone;
    }

    NDManager manager() {
        return backbone.model().getNDManager();
    }

    /** Head outputs for a {@code (batch, time, freq, 1)} input; stochastic depth is active when training. */
    NDList forward(NDArray x, boolean training) {
        return head(embed(x, training), training);
    }

    /** The backbone's embedding of a {@code (batch, time, freq, 1)} input. */
    NDArray embed(NDArray x, boolean training) {
        return backbone.block().forward(store, new NDList(x), training).head();
    }

    /** The objective's head on a batch of embeddings. */
    NDList head(NDArray embedding, boolean training) {
        return head.forward(store, new NDList(embedding), training);
    }

    /** Sets every gradient to zero (gradients accumulate over backward passes until then). */
    void zeroGradients() {
        for (Named p : parameters) {
            NDArray a = p.array();
            if (a.hasGradient()) {
                // each getGradient() is a new handle on the tensor: an open one makes PyTorch allocate
                // a fresh gradient at the next backward instead of accumulating in place (and keeps the old one)
                try (NDArray g = a.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /** Weight caches of inference are stale after an update. */
    void parametersChanged() {
        backbone.block().invalidateWeightCaches();
    }

    @Override
    public void close() {
        backbone.close();
    }
}
