package org.hares.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.hares.data.DatasetSelection;
import org.hares.data.TaskSpec;
import org.hares.data.hares.HaresTasks;
import org.hares.embed.EmbeddingModels;
import org.hares.embed.EmbeddingModels.ExternalModelOptions;
import org.hares.embed.ModelInput;
import org.hares.embed.OnnxModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What an external model ({@code torchscript:FILE}, {@code onnx:FILE}) takes: {@code --model-input}, {@code --model-sample-rate}. */
public final class ModelInputOptions {

    @Option(names = "--model-input", paramLabel = "waveform|logmel",
            description = "What a torchscript:/onnx: model takes: logmel (B,T,128,1) or waveform (B,samples). "
                    + "Default: the ONNX model's metadata " + OnnxModel.INPUT_KEY + ", else logmel.")
    String input;

    @Option(names = "--model-sample-rate", paramLabel = "HZ",
            description = "Sample rate a waveform torchscript:/onnx: model expects. Default: the ONNX model's metadata "
                    + OnnxModel.SAMPLE_RATE_KEY + ", else 16000.")
    Integer sampleRate;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--torchscript-input", hidden = true, paramLabel = "waveform|logmel")
    void deprecatedInput(String value) {
        Deprecations.warn(spec, "--torchscript-input", "--model-input");
        input = value;
    }

    @Option(names = "--torchscript-sample-rate", hidden = true, paramLabel = "HZ")
    void deprecatedSampleRate(int value) {
        Deprecations.warn(spec, "--torchscript-sample-rate", "--model-sample-rate");
        sampleRate = value;
    }

    /**
     * The settings for {@code model}, probed on a one-second window when it is opened unless the command
     * names the windows it will cut ({@link ExternalModelOptions#probing}); given for a
     * model that is not a {@code torchscript:}/{@code onnx:} file they are refused, not ignored.
     */
    public ExternalModelOptions options(String model) {
        if ((input != null || sampleRate != null) && !EmbeddingModels.isExternal(model)) {
            throw new IllegalArgumentException("--model-input and --model-sample-rate apply to torchscript:FILE and "
                    + "onnx:FILE models, not to " + model);
        }
        return new ExternalModelOptions(Optional.ofNullable(input).map(ModelInput::parse),
                sampleRate == null ? OptionalInt.empty() : OptionalInt.of(sampleRate), 1.0);
    }

    /**
     * {@link #options(String)} probed with every window the selected HARES tasks cut (evaluation windows and
     * training crops), so a model that cannot take one of them is refused before any audio is read. HEAR tasks
     * declare their window in their metadata, read only when the task is loaded: with HEAR tasks alone the
     * one-second probe stays.
     */
    public ExternalModelOptions options(String model, List<DatasetSelection> selections) {
        List<TaskSpec> specs = selections.stream().filter(s -> !s.isHear()).map(s -> HaresTasks.spec(s.ref())).toList();
        return specs.isEmpty() ? options(model) : options(model).probingWindowsOf(specs);
    }

    /** The options given, as command-line arguments for child processes. */
    List<String> asArguments() {
        List<String> args = new ArrayList<>();
        if (input != null) {
            args.addAll(List.of("--model-input", input));
        }
        if (sampleRate != null) {
            args.addAll(List.of("--model-sample-rate", sampleRate.toString()));
        }
        return args;
    }
}
