package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.hares.audio.AudioReader;
import org.hares.Progress;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.Windows;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.io.NpyFormatException;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.embed.NfNetEmbeddingModel;
import org.hares.embed.TorchScriptModel;
import org.hares.model.Embedder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hares embed}: embeddings of audio files, or of log-mel arrays stored as {@code .npy}. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embeds audio files (WAV, FLAC, MP3, Ogg, M4A, ...) with any model 'hares eval' takes, "
                + "or log-mel spectrograms stored as .npy with an NFNet network.",
            "Audio: decoded to 16 kHz mono, cut into --window second windows every --hop seconds (the last one "
                + "zero-padded), each window's log-mel standardised as the model expects; writes (windows, E), "
                + "or (E,) with --pool mean.",
            ".npy: shape (T, F), (B, T, F) or (B, T, F, 1), taken as the model input as is (no standardisation); "
                + "writes (E,) for a (T, F) input, (B, E) otherwise.",
            "Output: <stem>.embedding.npy per input."})
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: beside each input).")
    Path out;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--window", defaultValue = "3", paramLabel = "SECONDS",
            description = "Audio inputs: window length in seconds (default: ${DEFAULT-VALUE}).")
    double windowSeconds;

    @Option(names = "--hop", paramLabel = "SECONDS", description = "Audio inputs: window hop in seconds (default: the window).")
    Double hopSeconds;

    @Option(names = "--pool", defaultValue = "none", paramLabel = "none|mean",
            description = "Audio inputs: none writes one embedding per window (default); mean writes their mean.")
    Pool pool;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "audio files or .npy log-mel arrays")
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
        Progress progress = new Progress(spec.commandLine().getErr(), "embed", inputs.size(), "files");
        // a TorchScript model is probed with the --window length it will be given
        EmbeddingModels.TorchScriptOptions ts = new EmbeddingModels.TorchScriptOptions(TorchScriptModel.Input.LOGMEL,
                FrontendConfig.DEFAULT.sampleRate(), windowSeconds);
        try (EmbeddingModel m = EmbeddingModels.open(model.model, model.checkpoint(), model.seed(), model.device(),
                FrontendConfig.DEFAULT, ts)) {
            for (Path input : inputs) {
                NpyArray embeddings = isNpy(input) ? embedArray(network(m, input), input) : embedAudio(m, input);
                Path target = outputFor(input);
                Npy.write(target, embeddings);
                progress.clearLine();
                stdout.println(target);
                stdout.flush();
                progress.advance(1);
            }
        }
        progress.finish();
        return 0;
    }

    /** The network a log-mel {@code .npy} is fed to as is; other models take audio. */
    private static Embedder network(EmbeddingModel m, Path input) {
        if (m instanceof NfNetEmbeddingModel n) {
            return n.embedder();
        }
        throw new IllegalArgumentException(input + ": a .npy log-mel array is fed as is to the NFNet networks only; "
                + m.name() + " takes audio files");
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
        int e = embedder.embeddingSize();
        float[] y = embedInBatches(batch, e, i -> Arrays.copyOfRange(x, i * clip, (i + 1) * clip), part -> {
            float[] flat = new float[part.size() * clip];
            for (int i = 0; i < part.size(); i++) {
                System.arraycopy(part.get(i), 0, flat, i * clip, clip);
            }
            float[] out = embedder.embed(flat, part.size(), frames, bins);
            return java.util.stream.IntStream.range(0, part.size()).mapToObj(i -> Arrays.copyOfRange(out, i * e, (i + 1) * e)).toList();
        });
        return single ? NpyArray.ofFloats(y, e) : NpyArray.ofFloats(y, batch, e);
    }

    private NpyArray embedAudio(EmbeddingModel m, Path input) {
        int rate = m.sampleRate();
        float[] samples = AudioReader.read(input, rate).samples();
        int window = (int) Math.round(windowSeconds * rate);
        int hop = hopSeconds == null ? window : (int) Math.round(hopSeconds * rate);
        int[] starts = Windows.hoppedStarts(samples.length, window, hop);
        int e = m.embeddingSize();
        float[] y = embedInBatches(starts.length, e, i -> m.prepare(Windows.crop(samples, starts[i], window)), m::embed);
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

    /** Embeds {@code count} model inputs, {@code --batch-size} at a time; row-major (count, E). */
    private float[] embedInBatches(int count, int e, IntFunction<float[]> inputOf, Function<List<float[]>, List<float[]>> embed) {
        float[] y = new float[count * e];
        for (int b = 0; b < count; b += batchSize) {
            List<float[]> batch = new java.util.ArrayList<>();
            for (int i = b; i < Math.min(count, b + batchSize); i++) {
                batch.add(inputOf.apply(i));
            }
            List<float[]> out = embed.apply(batch);
            for (int i = 0; i < out.size(); i++) {
                System.arraycopy(out.get(i), 0, y, (b + i) * e, e);
            }
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
