package org.hares.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Inference on plain arrays: log-mel batches in, embeddings out. Weights are loaded once; every
 * standardised weight is computed on the first call and reused. Not thread-safe: one per thread.
 */
public final class Embedder implements AutoCloseable {

    private final LoadedModel loaded;
    private final ParameterStore parameters;

    private Embedder(LoadedModel loaded) {
        this.loaded = loaded;
        // inference only: no autograd bookkeeping whatever the calling thread's grad mode
        loaded.block().freezeParameters(true);
        this.parameters = new ParameterStore(loaded.model().getNDManager(), false);
    }

    /**
     * @param checkpoint a Haiku {@code .npz} or a DJL {@code .params} file; empty for the seeded Haiku initialisation
     * @throws org.hares.model.weights.CheckpointMismatchException if the checkpoint does not fit {@code arch}
     */
    public static Embedder open(ModelArchitecture arch, Optional<Path> checkpoint, long seed, Device device) {
        return new Embedder(LoadedModel.load(arch, checkpoint, seed, device, 0));
    }

    public ModelArchitecture architecture() {
        return loaded.architecture();
    }

    public int embeddingSize() {
        return loaded.block().embeddingSize();
    }

    /** "sha256:<hex of the weights>" for a checkpoint, "seed:<n>" for a seeded init. */
    public String fingerprint() {
        return loaded.fingerprint();
    }

    /** input row-major (batch, frames, melBins) float32; returns row-major (batch, embeddingSize). Inference only; safe to call from several threads. */
    public float[] embed(float[] input, int batch, int frames, int melBins) {
        if (batch < 1 || frames < 1 || melBins < 1 || (long) batch * frames * melBins != input.length) {
            throw new IllegalArgumentException("input of " + input.length + " floats is not (batch " + batch
                    + ", frames " + frames + ", mel bins " + melBins + ") with every size >= 1");
        }
        try (NDManager scope = loaded.model().getNDManager().newSubManager()) {
            NDArray x = scope.create(input, new Shape(batch, frames, melBins, 1));
            NDArray y = loaded.block().forward(parameters, new NDList(x), false).head();
            return y.toFloatArray();
        }
    }

    @Override
    public void close() {
        loaded.close();
    }
}
