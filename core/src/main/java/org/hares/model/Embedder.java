package org.hares.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Optional;
import org.hares.model.layer.TanhGelu;

/**
 * Inference on plain arrays: log-mel batches in, embeddings out. Weights are loaded once; every
 * standardised weight is computed on the first call and reused. Not thread-safe: one per thread.
 */
public final class Embedder implements AutoCloseable {

    private final LoadedModel loaded;
    private final Precision precision;
    private final ParameterStore parameters;

    private Embedder(LoadedModel loaded, Precision precision) {
        this.loaded = loaded;
        this.precision = precision;
        // inference only: no autograd bookkeeping whatever the calling thread's grad mode
        loaded.block().freezeParameters(true);
        this.parameters = new ParameterStore(loaded.model().getNDManager(), false);
    }

    /**
     * A float32 network.
     *
     * @param checkpoint a Haiku {@code .npz} or a DJL {@code .params} file; empty for the seeded Haiku initialisation
     * @throws org.hares.model.weights.CheckpointMismatchException if the checkpoint does not fit {@code arch}
     */
    public static Embedder open(ModelArchitecture arch, Optional<Path> checkpoint, long seed, Device device) {
        return open(arch, checkpoint, seed, device, Precision.FP32);
    }

    /**
     * A network computing in {@code precision}.
     *
     * @throws IllegalArgumentException if {@code device} has no native support for {@code precision}
     */
    public static Embedder open(ModelArchitecture arch, Optional<Path> checkpoint, long seed, Device device,
            Precision precision) {
        precision.requireNativeOn(device, CpuInfo.ofThisMachine());
        return emulating(arch, checkpoint, seed, device, precision);
    }

    /** {@link #open} without the hardware check: reduced precision emulated in software, for tests of its accuracy. */
    static Embedder emulating(ModelArchitecture arch, Optional<Path> checkpoint, long seed, Device device,
            Precision precision) {
        TanhGelu.warmUp();
        return new Embedder(LoadedModel.load(arch, checkpoint, seed, device, 0), precision);
    }

    public ModelArchitecture architecture() {
        return loaded.architecture();
    }

    public Precision precision() {
        return precision;
    }

    public int embeddingSize() {
        return loaded.block().embeddingSize();
    }

    /** "sha256:<hex of the weights>" for a checkpoint, "seed:<n>" for a seeded init. */
    public String fingerprint() {
        return loaded.fingerprint();
    }

    /**
     * input row-major (batch, frames, melBins) float32; returns row-major (batch, embeddingSize) float32, computed in
     * {@link #precision()}. Inference only; safe to call from several threads.
     */
    public float[] embed(float[] input, int batch, int frames, int melBins) {
        return embed(input, batch, frames, melBins, LayerTimer.OFF);
    }

    /** {@link #embed(float[], int, int, int)} as one pass of {@code timer}. */
    public float[] embed(float[] input, int batch, int frames, int melBins, LayerTimer timer) {
        if (batch < 1 || frames < 1 || melBins < 1 || (long) batch * frames * melBins != input.length) {
            throw new IllegalArgumentException("input of " + input.length + " floats is not (batch " + batch
                    + ", frames " + frames + ", mel bins " + melBins + ") with every size >= 1");
        }
        timer.start();
        try (NDManager scope = loaded.model().getNDManager().newSubManager()) {
            NDArray x = precision.cast(scope.create(input, new Shape(batch, frames, melBins, 1)));
            timer.lap("input", LayerTimer.Kind.COPY, 0);
            NDArray y = loaded.block().encode(parameters, x, false, timer);
            float[] out = y.toType(DataType.FLOAT32, false).toFloatArray();
            timer.lap("output", LayerTimer.Kind.COPY, 0);
            return out;
        }
    }

    @Override
    public void close() {
        loaded.close();
    }
}
