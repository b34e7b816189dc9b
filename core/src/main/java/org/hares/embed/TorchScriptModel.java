package org.hares.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Path;
import org.hares.frontend.FrontendConfig;
import org.hares.model.weights.CheckpointMismatchException;

/** Any TorchScript module through DJL's PyTorch engine ({@code torchscript:FILE}), on the {@link ExternalModel} contract. */
public final class TorchScriptModel extends ExternalModel {

    public static final String PREFIX = "torchscript:";

    /** Loads the module and probes it on a zero window of {@code windowSeconds}; see {@link ExternalModel}. */
    public TorchScriptModel(Path file, ModelInput input, int sampleRate, double windowSeconds, FrontendConfig config, Device device) {
        super(PREFIX, file, input, sampleRate, windowSeconds, config, load(file, device));
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
