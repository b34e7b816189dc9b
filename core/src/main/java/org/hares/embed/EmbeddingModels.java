package org.hares.embed;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hares.data.TaskSpec;
import org.hares.frontend.FrontendConfig;
import org.hares.model.ModelArchitecture;
import org.hares.model.weights.CheckpointMismatchException;

/** Opens a model under evaluation by its command-line name. */
public final class EmbeddingModels {

    /** Valid names, for messages and help. */
    public static final String NAMES = "slowfast-nfnet-f0, nfnet-f0-slow, nfnet-f0-fast, logmel-stats, torchscript:FILE";

    private EmbeddingModels() {}

    /**
     * Settings of a {@code torchscript:FILE} model.
     *
     * @param input         what its forward takes
     * @param sampleRate    the waveform rate it expects (log-mel input: the front end's)
     * @param probeSeconds  the window lengths the model will be given: it is probed with a zero window of each at load time
     */
    public record TorchScriptOptions(TorchScriptModel.Input input, int sampleRate, List<Double> probeSeconds) {
        public TorchScriptOptions {
            probeSeconds = List.copyOf(probeSeconds);
        }

        public TorchScriptOptions(TorchScriptModel.Input input, int sampleRate, double probeSeconds) {
            this(input, sampleRate, List.of(probeSeconds));
        }

        /** Probed with every window length the tasks cut: their evaluation windows and training crops. */
        public static TorchScriptOptions forTasks(TorchScriptModel.Input input, int sampleRate, Collection<TaskSpec> tasks) {
            return new TorchScriptOptions(input, sampleRate, tasks.stream()
                    .flatMap(t -> Stream.of(t.evalWindowing().windowSeconds(), t.trainCropSeconds()))
                    .distinct().sorted().toList());
        }
    }

    /**
     * Opens {@code name}: a network id (random seeded init or {@code checkpoint}), {@code logmel-stats}
     * or {@code torchscript:FILE}. A checkpoint that does not fit, or one given to a model that takes
     * none, is refused here, before any audio is read.
     */
    public static EmbeddingModel open(String name, Optional<Path> checkpoint, long seed, Device device, FrontendConfig frontend,
            TorchScriptOptions torchScript) {
        if (name.startsWith(TorchScriptModel.PREFIX)) {
            refuseCheckpoint(name, checkpoint);
            Path file = Path.of(name.substring(TorchScriptModel.PREFIX.length()));
            return new TorchScriptModel(file, torchScript.input(), torchScript.sampleRate(), torchScript.probeSeconds(),
                    frontend, device);
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
