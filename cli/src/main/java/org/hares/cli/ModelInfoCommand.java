package org.hares.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hares.model.Embedder;
import org.hares.model.ModelArchitecture;
import org.hares.model.SpectrogramEncoder;
import org.hares.model.weights.HaikuParameter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hares model info}: variant, parameter and array counts, MACs per 400×128 input. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints the variant, parameter and array counts, embedding size and MACs per 400x128 input; "
                + "with --checkpoint, also checks the checkpoint and prints its weight fingerprint.")
public final class ModelInfoCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelArchitecture arch = model.architecture();
        SpectrogramEncoder block = arch.newBlock();
        List<HaikuParameter> params = block.haikuParameters();
        long scalars = params.stream().mapToLong(HaikuParameter::size).sum();
        long macs = block.macs(400, 128);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "model       %s: %s%n", arch.id(), arch.description());
        out.printf(Locale.ROOT, "parameters  %,d in %d arrays%n", scalars, params.size());
        out.printf(Locale.ROOT, "embedding   %d%n", block.embeddingSize());
        out.printf(Locale.ROOT, "MACs        %,d per 400x128 input (%.2f GFLOP)%n", macs, 2 * macs / 1e9);
        if (model.checkpoint().isPresent()) {
            try (Embedder embedder = model.openEmbedder()) {
                out.printf(Locale.ROOT, "checkpoint  %s%nweights     %s%n", model.checkpoint().get(), embedder.fingerprint());
            }
        } else {
            out.printf(Locale.ROOT, "weights     seed:%d (Haiku initialisation)%n", model.seed());
        }
        out.flush();
        return 0;
    }
}
