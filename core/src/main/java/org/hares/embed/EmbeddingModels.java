package org.hares.embed;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.hares.frontend.FrontendConfig;
import org.hares.model.ModelArchitecture;
import org.hares.model.weights.CheckpointMismatchException;

/** Opens a model under evaluation by its command-line name. */
public final class EmbeddingModels {

    /** Valid names, for messages and help. */
    public static final String NAMES = "slowfast-nfnet-f0, nfnet-f0-slow, nfnet-f0-fast, logmel-stats, torchscript:FILE, onnx:FILE";

    private EmbeddingModels() {}

    /**
     * Settings of an external model ({@code torchscript:FILE}, {@code onnx:FILE}); absent values
     * come from an ONNX model's metadata, else log-mel at the front end's rate.
     *
     * @param input         what it takes
     * @param sampleRate    the waveform rate it expects (log-mel input: the front end's)
     * @param probeSeconds  length of the zero window it is probed with at load time
     */
    public record ExternalModelOptions(Optional<ModelInput> input, OptionalInt sampleRate, double probeSeconds) {
        public static final ExternalModelOptions DEFAULT = new ExternalModelOptions(Optional.empty(), OptionalInt.empty(), 1.0);
    }

    /** Whether {@code name} is a model file from another framework ({@code torchscript:FILE}, {@code onnx:FILE}). */
    public static boolean isExternal(String name) {
        return name.startsWith(TorchScriptModel.PREFIX) || name.startsWith(OnnxModel.PREFIX);
    }

    /**
     * Opens {@code name}: a network id (random seeded init or {@code checkpoint}), {@code logmel-stats},
     * {@code torchscript:FILE} or {@code onnx:FILE}. A checkpoint that does not fit, or one given to a model that takes
     * none, is refused here, before any audio is read.
     */
    public static EmbeddingModel open(String name, Optional<Path> checkpoint, long seed, Device device, FrontendConfig frontend,
            ExternalModelOptions external) {
        if (name.startsWith(TorchScriptModel.PREFIX)) {
            refuseCheckpoint(name, checkpoint);
            return new TorchScriptModel(Path.of(name.substring(TorchScriptModel.PREFIX.length())),
                    external.input().orElse(ModelInput.LOGMEL), external.sampleRate().orElse(frontend.sampleRate()),
                    external.probeSeconds(), frontend, device);
        }
        if (name.startsWith(OnnxModel.PREFIX)) {
            refuseCheckpoint(name, checkpoint);
            return OnnxModel.open(Path.of(name.substring(OnnxModel.PREFIX.length())), external.input(), external.sampleRate(),
                    external.probeSeconds(), frontend, device);
        }
        if (name.equals(LogMelStatsModel.NAME)) {
            refuseCheckpoint(name, checkpoint);
            return new LogMelStatsModel(frontend);
        }
        ModelArchitecture arch;
        try {
            arch = ModelArchitecture.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model '" + name + "' (valid: " + NAMES + ")");
        }
        return new NfNetEmbeddingModel(arch, checkpoint, seed, device, frontend);
    }

    private static void refuseCheckpoint(String name, Optional<Path> checkpoint) {
        checkpoint.ifPresent(c -> {
            throw new CheckpointMismatchException(c + ": --checkpoint applies to the NFNet models, not to " + name
                    + " (expected no checkpoint)");
        });
    }
}
