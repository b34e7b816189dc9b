package org.hares.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hares.embed.EmbeddingModels;
import org.hares.model.Embedder;
import org.hares.model.ModelArchitecture;
import org.hares.model.Precision;
import picocli.CommandLine.Option;

/** The model options every command that runs the network shares: {@code --model}, {@code --checkpoint}, {@code --seed}, {@code --device}. */
public final class ModelOptions {

    /** Where the network runs. */
    public enum DeviceKind { cpu, gpu }

    @Option(names = "--model", defaultValue = "slowfast-nfnet-f0", paramLabel = "ID",
            description = "Model: " + EmbeddingModels.NAMES + " (default: ${DEFAULT-VALUE}; slowfast-test: tiny, for tests). "
                    + "model info and model convert take the network ids; logmel-stats is for eval, demo, embed and spark embed.")
    String model;

    /** A path, or for {@code hares spark embed} a URI the executors read ({@code hdfs://}, {@code s3a://}): kept as given. */
    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Weights: a Haiku-style .npz (keys module/param) or a DJL NAME-NNNN.params file "
                    + "(spark embed: also a URI every executor can read). Default: the seeded Haiku initialisation.")
    String checkpoint;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the Haiku initialisation when no checkpoint is given (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu",
            description = "cpu (default) or gpu (needs a CUDA libtorch, see README).")
    DeviceKind device;

    /** The {@code --model} value: a network id, {@code logmel-stats}, {@code torchscript:FILE} or {@code onnx:FILE}. */
    public String name() {
        return model;
    }

    /** The {@code --checkpoint} value as given (a path, or a URI for the Spark executors). */
    public Optional<String> checkpointLocation() {
        return Optional.ofNullable(checkpoint);
    }

    /** Whether {@code --device gpu} was given. */
    public boolean gpu() {
        return device == DeviceKind.gpu;
    }

    public ModelArchitecture architecture() {
        return ModelArchitecture.parse(model);
    }

    public Optional<Path> checkpoint() {
        return checkpointLocation().map(Path::of);
    }

    public long seed() {
        return seed;
    }

    public Device device() {
        if (gpu()) {
            if (Engine.getInstance().getGpuCount() == 0) {
                throw new IllegalArgumentException("--device gpu: libtorch sees no GPU (this build is CPU-only unless "
                        + "PYTORCH_LIBRARY_PATH points at a CUDA libtorch; see README)");
            }
            return Device.gpu();
        }
        return Device.cpu();
    }

    /** Loads the float32 network; a checkpoint that does not fit is refused here, before any input is read. */
    public Embedder openEmbedder() {
        return openEmbedder(Precision.FP32);
    }

    /** Loads the network computing in {@code precision}, refused here where the device has no native support for it. */
    public Embedder openEmbedder(Precision precision) {
        return Embedder.open(architecture(), checkpoint(), seed, device(), precision);
    }

    /** The same options as command-line arguments, for child processes. */
    List<String> asArguments() {
        List<String> args = new ArrayList<>(List.of("--model", model, "--seed", Long.toString(seed), "--device",
                device.name()));
        checkpoint().ifPresent(c -> args.addAll(List.of("--checkpoint", c.toAbsolutePath().toString())));
        return args;
    }

    /** {@code --precision}: the network's arithmetic in the commands that embed with it (eval, embed, demo, bench model). */
    public static final class PrecisionOption {

        @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16|fp16", description = {
            "The network's arithmetic: fp32 (default); bf16 on a CPU with native bfloat16 (avx512_bf16 or amx_bf16 "
                    + "in /proc/cpuinfo) or on CUDA; fp16 on CUDA only. Refused elsewhere. Embeddings come back as "
                    + "float32 and are cached apart from fp32 ones.",
            "bf16 vs float32 on the golden input (slowfast-nfnet-f0): max |diff| 3.4e-3 (0.6 %% of the largest "
                    + "output), cosine 0.99999."})
        Precision precision;

        Precision get() {
            return precision;
        }

        /** The option as command-line arguments, for child processes. */
        List<String> asArguments() {
            return List.of("--precision", precision.id());
        }
    }
}
