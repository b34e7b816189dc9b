package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.io.NpyFormatException;
import org.hares.model.Embedder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hares embed}: embeddings of log-mel arrays stored as {@code .npy}. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embeds log-mel spectrograms stored as .npy: shape (T, F), (B, T, F) or (B, T, F, 1), "
                + "taken as the model input as is (no standardisation).",
            "Writes <stem>.embedding.npy per input: (E,) for a (T, F) input, (B, E) otherwise."})
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: beside each input).")
    Path out;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
            description = "Clips per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = ".npy log-mel arrays")
    List<Path> inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), "embed", inputs.size(), "files");
        try (Embedder embedder = model.openEmbedder()) {
            long clips = 0;
            for (Path input : inputs) {
                NpyArray array = Npy.read(input);
                long[] s = array.shape();
                boolean single = s.length == 2;
                int batch = single ? 1 : (int) s[0];
                int frames = (int) s[single ? 0 : 1];
                int bins = (int) s[single ? 1 : 2];
                if (!(s.length == 2 || s.length == 3 || (s.length == 4 && s[3] == 1)) || batch < 1 || frames < 1 || bins < 1) {
                    throw new NpyFormatException(input, "expected a log-mel array of shape (T, F), (B, T, F) or (B, T, F, 1) "
                            + "with every size >= 1; found " + Arrays.toString(s));
                }
                float[] x = array.toFloats();
                int e = embedder.embeddingSize();
                float[] y = new float[batch * e];
                int clip = frames * bins;
                for (int b = 0; b < batch; b += batchSize) {
                    int n = Math.min(batchSize, batch - b);
                    float[] chunk = Arrays.copyOfRange(x, b * clip, (b + n) * clip);
                    System.arraycopy(embedder.embed(chunk, n, frames, bins), 0, y, b * e, n * e);
                }
                Path target = outputFor(input);
                Npy.write(target, single ? NpyArray.ofFloats(y, e) : NpyArray.ofFloats(y, batch, e));
                stdout.println(target);
                clips += batch;
                progress.step(clips);
            }
        }
        progress.done();
        return 0;
    }

    private Path outputFor(Path input) {
        String name = input.getFileName().toString();
        String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        Path dir = out != null ? out : input.toAbsolutePath().getParent();
        return dir.resolve(stem + ".embedding.npy");
    }
}
