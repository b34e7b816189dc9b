package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.hares.audio.AudioReader;
import org.hares.cli.export.TaskEmbeddingOptions;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.Progress;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.frontend.Windows;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.io.NpyFormatException;
import org.hares.model.Embedder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hares embed}: embeddings of audio files, or of log-mel arrays stored as {@code .npy}. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embeds audio files (WAV, FLAC, MP3, Ogg, M4A, ...) or log-mel spectrograms stored as .npy.",
            "Audio: decoded to 16 kHz mono, cut into --window second windows every --hop seconds (the last one "
                + "zero-padded), each window's log-mel standardised as the model expects; writes (windows, E), "
                + "or (E,) with --pool mean.",
            ".npy: shape (T, F), (B, T, F) or (B, T, F, 1), taken as the model input as is (no standardisation); "
                + "writes (E,) for a (T, F) input, (B, E) otherwise.",
            "Output: <stem>.embedding.npy per input.",
            "Tasks (--task ID[:VARIANT]=DIR or hear:DIR, or --config; no INPUT): every clip in the task's evaluation windows, "
                + "as 'hares eval' embeds them, written per split into --out in --format npz or hear."})
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: beside each input).")
    Path out;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
            description = "Clips per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--window", defaultValue = "3", paramLabel = "SECONDS",
            description = "Audio inputs: window length in seconds (default: ${DEFAULT-VALUE}).")
    double windowSeconds;

    @Option(names = "--hop", paramLabel = "SECONDS", description = "Audio inputs: window hop in seconds (default: the window).")
    Double hopSeconds;

    @Option(names = "--pool", defaultValue = "none", paramLabel = "none|mean",
            description = "Audio inputs and --task npz: none writes one embedding per window (default); mean writes their mean.")
    Pool pool;

    @Mixin
    TaskEmbeddingOptions tasks;

    @Parameters(arity = "0..*", paramLabel = "INPUT", description = "audio files or .npy log-mel arrays")
    List<Path> inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How window embeddings of an audio file are combined. */
    enum Pool { none, mean }

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (!(windowSeconds > 0) || (hopSeconds != null && !(hopSeconds > 0))) {
            throw new IllegalArgumentException("--window and --hop must be positive, got " + windowSeconds + " and " + hopSeconds);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (tasks.given()) {
            return embedTasks(stdout);
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to embed: give INPUT files, or --task/--config to export whole tasks");
        }
        Progress progress = new Progress(spec.commandLine().getErr(), "embed", inputs.size(), "files");
        try (Embedder embedder = model.openEmbedder()) {
            for (Path input : inputs) {
                NpyArray embeddings = isNpy(input) ? embedArray(embedder, input) : embedAudio(embedder, input);
                Path target = outputFor(input);
                Npy.write(target, embeddings);
                stdout.println(target);
                progress.advance(1);
            }
        }
        progress.finish();
        return 0;
    }

    private int embedTasks(PrintWriter stdout) {
        var parsed = spec.commandLine().getParseResult();
        if (inputs != null && !inputs.isEmpty() || out == null || parsed.hasMatchedOption("--window") || parsed.hasMatchedOption("--hop")) {
            throw new IllegalArgumentException("with --task or --config: give --out DIR and no INPUT, --window or --hop "
                    + "(a task is embedded in its own evaluation windows)");
        }
        try (EmbeddingModel m = EmbeddingModels.open(model.model, model.checkpoint(), model.seed(), model.device(),
                FrontendConfig.DEFAULT, EmbeddingModels.TorchScriptOptions.DEFAULT)) {
            return tasks.run(m, out, batchSize, pool == Pool.mean, stdout, spec.commandLine().getErr());
        }
    }

    private NpyArray embedArray(Embedder embedder, Path input) {
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
        int clip = frames * bins;
        float[] y = embedInBatches(embedder, batch, frames, bins, i -> Arrays.copyOfRange(x, i * clip, (i + 1) * clip));
        int e = embedder.embeddingSize();
        return single ? NpyArray.ofFloats(y, e) : NpyArray.ofFloats(y, batch, e);
    }

    private NpyArray embedAudio(Embedder embedder, Path input) {
        LogMel logMel = new LogMel(FrontendConfig.DEFAULT);
        int rate = FrontendConfig.DEFAULT.sampleRate();
        float[] samples = AudioReader.read(input, rate).samples();
        int window = (int) Math.round(windowSeconds * rate);
        int hop = hopSeconds == null ? window : (int) Math.round(hopSeconds * rate);
        int[] starts = Windows.hoppedStarts(samples.length, window, hop);
        int frames = logMel.frames(window);
        int bins = FrontendConfig.DEFAULT.melBins();
        float[] y = embedInBatches(embedder, starts.length, frames, bins,
                i -> logMel.standardised(Windows.crop(samples, starts[i], window)));
        int e = embedder.embeddingSize();
        if (pool == Pool.mean) {
            float[] mean = new float[e];
            for (int w = 0; w < starts.length; w++) {
                for (int j = 0; j < e; j++) {
                    mean[j] += y[w * e + j] / starts.length;
                }
            }
            return NpyArray.ofFloats(mean, e);
        }
        return NpyArray.ofFloats(y, starts.length, e);
    }

    /** Embeds {@code count} model inputs of (frames, bins), {@code --batch-size} at a time; row-major (count, E). */
    private float[] embedInBatches(Embedder embedder, int count, int frames, int bins, IntFunction<float[]> inputOf) {
        int clip = frames * bins;
        int e = embedder.embeddingSize();
        float[] y = new float[count * e];
        for (int b = 0; b < count; b += batchSize) {
            int n = Math.min(batchSize, count - b);
            float[] batch = new float[n * clip];
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputOf.apply(b + i), 0, batch, i * clip, clip);
            }
            System.arraycopy(embedder.embed(batch, n, frames, bins), 0, y, b * e, n * e);
        }
        return y;
    }

    private static boolean isNpy(Path input) {
        return input.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
    }

    private Path outputFor(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path dir = out != null ? out : input.toAbsolutePath().getParent();
        return dir.resolve(stem + ".embedding.npy");
    }
}
