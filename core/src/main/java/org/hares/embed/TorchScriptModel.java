package org.hares.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.hares.frontend.FrontendConfig;
import org.hares.model.weights.CheckpointMismatchException;

/**
 * Any TorchScript module through DJL's PyTorch engine ({@code torchscript:FILE}), on the {@link ExternalModel} contract.
 * Extraction streams share the loaded module (libtorch runs a module's forward from several threads at
 * once), each with a predictor of its own and its share of the intra-op threads.
 */
public final class TorchScriptModel extends ExternalModel {

    public static final String PREFIX = "torchscript:";

    private final LibtorchStreams<TorchScriptModel> streams = new LibtorchStreams<>(() -> new TorchScriptModel(this));

    /** Loads the module and probes it on a zero window of {@code windowSeconds}; see {@link ExternalModel}. */
    public TorchScriptModel(Path file, ModelInput input, int sampleRate, double windowSeconds, FrontendConfig config, Device device) {
        this(file, input, sampleRate, List.of(windowSeconds), config, device);
    }

    /** Loads the module and probes it on a zero window of each length given; see {@link ExternalModel}. */
    public TorchScriptModel(Path file, ModelInput input, int sampleRate, List<Double> windowSeconds, FrontendConfig config,
            Device device) {
        super(PREFIX, file, input, sampleRate, windowSeconds, config, load(file, device));
    }

    /** A further stream's instance: {@code of}'s module, a predictor of its own. */
    private TorchScriptModel(TorchScriptModel of) {
        super(of);
    }

    @Override
    public int maxStreams() {
        return Integer.MAX_VALUE;
    }

    @Override
    public EmbeddingModel stream(int s, int n) {
        super.stream(s, n);
        return streams.enter(this, s, n);
    }

    @Override
    public void close() {
        streams.close();
        super.close();
    }

    private static Network load(Path file, Device device) {
        String sha256 = sha256(file, "TorchScript");
        Model model = Model.newInstance("torchscript", device, "PyTorch");
        try {
            model.load(file);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new CheckpointMismatchException(file + ": not a loadable TorchScript module (expected a file saved with "
                    + "torch.jit.save): " + firstLine(e), e);
        }
        return new Network(model, sha256, 0, 0);
    }
}
