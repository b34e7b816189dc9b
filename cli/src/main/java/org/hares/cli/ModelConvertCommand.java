package org.hares.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hares.model.LoadedModel;
import org.hares.model.weights.HaikuCheckpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hares model convert}: between the Haiku {@code .npz} and DJL {@code .params} formats. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Writes the weights (--checkpoint, or the seeded initialisation) as a Haiku-style .npz "
                + "or as DJL's NAME-0000.params, chosen by the --out file name.")
public final class ModelConvertCommand implements Callable<Integer> {

    private static final Pattern DJL = Pattern.compile("(.+)-0000\\.params");

    @Mixin
    ModelOptions model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "FILE.npz or NAME-0000.params")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String name = out.getFileName().toString();
        Matcher djl = DJL.matcher(name);
        if (!name.endsWith(".npz") && !djl.matches()) {
            throw new IllegalArgumentException("--out " + out + ": expected a .npz or a NAME-0000.params file name");
        }
        try (LoadedModel loaded = LoadedModel.load(model.architecture(), model.checkpoint(), model.seed(), model.device(), 0)) {
            if (djl.matches()) {
                loaded.saveDjl(out.toAbsolutePath().getParent(), djl.group(1));
            } else {
                HaikuCheckpoint.write(loaded.block(), out);
            }
            spec.commandLine().getOut().printf("%s (%s, weights %s)%n", out, model.architecture().id(), loaded.fingerprint());
        }
        return 0;
    }
}
