package org.hares.embed;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.hares.data.TaskSpec;
import org.hares.frontend.FrontendConfig;
import org.hares.model.CpuInfo;
import org.hares.model.ModelArchitecture;
import org.hares.model.Precision;
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
     * @param probeSeconds  the window lengths it will be given: it is probed with a zero window of each at load time
     */
    public record ExternalModelOptions(Optional<ModelInput> input, OptionalInt sampleRate, List<Double> probeSeconds) {
        public static final ExternalModelOptions DEFAULT = new ExternalModelOptions(Optional.empty(), OptionalInt.empty(), 1.0);

        public ExternalModelOptions {
            probeSeconds = List.copyOf(probeSeconds);
            if (probeSeconds.isEmpty()) {
                throw new IllegalArgumentException("need at least one window length to probe the model with");
            }
        }

        public ExternalModelOptions(Optional<ModelInput> input, OptionalInt sampleRate, double probeSeconds) {
            this(input, sampleRate, List.of(probeSeconds));
        }

        /** The same settings, probed with these window lengths in seconds. */
        public ExternalModelOptions probing(List<Double> seconds) {
            return new ExternalModelOptions(input, sampleRate, seconds);
        }

        /** The same settings, probed with every window length the tasks cut: their evaluation windows and training crops. */
        public ExternalModelOptions probingWindowsOf(Collection<TaskSpec> tasks) {
            return probing(tasks.stream().flatMap(t -> Stream.of(t.evalWindowing().windowSeconds(), t.trainCropSeconds()))
                    .distinct().sorted().toList());
        }
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
        return open(name, checkpoint, seed, device, Precision.FP32, frontend, external);
    }

    /**
     * {@link #open(String, Optional, long, Device, FrontendConfig, ExternalModelOptions)} with the network computing in
     * {@code precision}; reduced precision applies to the NFNet models only, and only where {@code device} supports
     * it natively (both refused here).
     */
    public static EmbeddingModel open(String name, Optional<Path> checkpoint, long seed, Device device, Precision precision,
            FrontendConfig frontend, ExternalModelOptions external) {
        requirePrecision(name, precision, device);
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
        return new NfNetEmbeddingModel(arch, checkpoint, seed, device, precision, frontend);
    }

    /**
     * Refuses a reduced {@code precision} for a model other than the NFNet networks, or on a device without native
     * support for it (see {@link Precision#requireNativeOn}).
     */
    public static void requirePrecision(String name, Precision precision, Device device) {
        if (precision == Precision.FP32) {
            return;
        }
        if (isExternal(name) || name.equals(LogMelStatsModel.NAME)) {
            throw new IllegalArgumentException("precision " + precision.id() + " applies to the NFNet models, not to " + name
                    + " (expected fp32)");
        }
        precision.requireNativeOn(device, CpuInfo.ofThisMachine());
    }

    private static void refuseCheckpoint(String name, Optional<Path> checkpoint) {
        checkpoint.ifPresent(c -> {
            throw new CheckpointMismatchException(c + ": --checkpoint applies to the NFNet models, not to " + name
                    + " (expected no checkpoint)");
        });
    }
}
