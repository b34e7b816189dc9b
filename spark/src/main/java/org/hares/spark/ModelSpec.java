package org.hares.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.hares.embed.EmbeddingModels.ExternalModelOptions;
import org.hares.embed.ModelInput;

/**
 * The model every executor opens: a name accepted by {@code EmbeddingModels.open}, an optional
 * checkpoint URI the executors can read (local path, {@code hdfs://}, {@code s3a://}), the seed of
 * the initialisation when there is none, and what a {@code torchscript:}/{@code onnx:} model takes
 * ({@code --model-input}, {@code --model-sample-rate}, the window lengths it is probed with), so an
 * executor opens exactly the model {@code hares eval} would.
 *
 * @param input      the model input, null for the model's own (ONNX metadata) or the default
 * @param sampleRate a waveform model's sample rate, null for the model's own or the default
 */
public record ModelSpec(String name, String checkpoint, long seed, ModelInput input, Integer sampleRate, List<Double> probeSeconds)
        implements Serializable {

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        probeSeconds = List.copyOf(probeSeconds);
    }

    /** A model opened with {@code external}'s settings. */
    public static ModelSpec of(String name, String checkpoint, long seed, ExternalModelOptions external) {
        return new ModelSpec(name, checkpoint, seed, external.input().orElse(null),
                external.sampleRate().isPresent() ? external.sampleRate().getAsInt() : null, external.probeSeconds());
    }

    /** The settings {@code EmbeddingModels.open} takes. */
    public ExternalModelOptions external() {
        return new ExternalModelOptions(Optional.ofNullable(input), sampleRate == null ? OptionalInt.empty() : OptionalInt.of(sampleRate),
                probeSeconds);
    }
}
