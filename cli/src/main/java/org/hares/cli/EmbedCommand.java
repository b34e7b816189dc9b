package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.hares.audio.AudioReader;
import org.hares.Progress;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.frontend.Windows;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.io.NpyFormatException;
import org.hares.embed.NonFiniteEmbeddingException;
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
            "Output: <stem>.embedding.npy per input; inputs with the same name (a/X.wav, b/X.wav) keep their folders "
                + "under --out (DIR/a/X.embedding.npy, DIR/b/X.embedding.npy)."})
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--out", paramLabel = "DIR", description = {"Output folder (default: beside each input).",
            "Inputs with the same name (a/X.wav, b/X.wav) keep their folders under it: DIR/a/X.embedding.npy, DIR/b/X.embedding.npy."})
    Path out;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
            description = "Clips per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--window", defaultValue = "3", paramLabel = "SECONDS",
            description = "Audio inputs: window length in seconds (default: ${DEFAULT-VALUE}); a clip shorter than the window "
                + "is one window of the clip's length.")
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
        AudioWindows.validate(windowSeconds, hopSeconds, FrontendConfig.DEFAULT.sampleRate());
        Map<Path, Path> outputs = OutputPaths.plan(inputs, out, ".embedding.npy");
        PrintWriter stdout = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), "embed", outputs.size(), "files");
        try (Embedder embedder = model.openEmbedder()) {
            for (Map.Entry<Path, Path> e : outputs.entrySet()) {
                Path input = e.getKey();
                NpyArray embeddings = isNpy(input) ? embedArray(embedder, input) : embedAudio(embedder, input);
                Path target = e.getValue();
                Npy.write(target, embeddings);
                stdout.println(target);
                progress.advance(1);
            }
        }
        progress.finish();
        return 0;
    }

    private NpyArray embedArray(Embedder embedder, Path input) {
        NpyArray array = Npy.read(input);
        long[] s = array.shape();
        if (!(s.length == 2 || s.length == 3 || (s.length == 4 && s[3] == 1)) || Arrays.stream(s).anyMatch(d -> d < 1)) {
            throw new NpyFormatException(input, "expected a log-mel array of shape (T, F), (B, T, F) or (B, T, F, 1) "
                    + "with every size >= 1; found " + Arrays.toString(s));
        }
        boolean single = s.length == 2;
        int batch = single ? 1 : Math.toIntExact(s[0]);
        int frames = Math.toIntExact(s[single ? 0 : 1]);
        int bins = Math.toIntExact(s[single ? 1 : 2]);
        long nonFinite = array.nonFiniteCount();
        if (nonFinite > 0) {
            throw new NpyFormatException(input, nonFinite + " of " + array.size() + " values are NaN or infinite "
                    + "(expected a finite log-mel)");
        }
        float[] x;
        try {
            x = array.toFloats();
        } catch (ArithmeticException e) {
            throw new NpyFormatException(input, e.getMessage() + " (expected floats, or integers that float32 holds exactly)");
        }
        int clip = frames * bins;
        float[] y = embedInBatches(embedder, input, batch, frames, bins, batchSize, i -> Arrays.copyOfRange(x, i * clip, (i + 1) * clip));
        int e = embedder.embeddingSize();
        return single ? NpyArray.ofFloats(y, e) : NpyArray.ofFloats(y, batch, e);
    }

    private NpyArray embedAudio(Embedder embedder, Path input) {
        LogMel logMel = new LogMel(FrontendConfig.DEFAULT);
        int rate = FrontendConfig.DEFAULT.sampleRate();
        float[] samples = AudioReader.read(input, rate).samples();
        AudioWindows windows = AudioWindows.of(windowSeconds, hopSeconds, rate, samples.length);
        int window = windows.window();
        int[] starts = Windows.hoppedStarts(samples.length, window, windows.hop());
        int frames = logMel.frames(window);
        int bins = FrontendConfig.DEFAULT.melBins();
        int perPass = windows.windowsPerPass(input, frames, bins, embedder.architecture().id(), batchSize, rate);
        float[] y = embedInBatches(embedder, input, starts.length, frames, bins, perPass,
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

    /** Embeds {@code count} model inputs of (frames, bins), {@code perPass} at a time; row-major (count, E); refuses NaN or Inf. */
    private float[] embedInBatches(Embedder embedder, Path input, int count, int frames, int bins, int perPass,
            IntFunction<float[]> inputOf) {
        int clip = frames * bins;
        int e = embedder.embeddingSize();
        float[] y = new float[count * e];
        for (int b = 0; b < count; b += perPass) {
            int n = Math.min(perPass, count - b);
            float[] batch = new float[n * clip];
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputOf.apply(b + i), 0, batch, i * clip, clip);
            }
            System.arraycopy(embedder.embed(batch, n, frames, bins), 0, y, b * e, n * e);
        }
        int nonFinite = NonFiniteEmbeddingException.count(y);
        if (nonFinite > 0) {
            throw new NonFiniteEmbeddingException(embedder.architecture().id(), input.toString(), nonFinite, y.length);
        }
        return y;
    }

    private static boolean isNpy(Path input) {
        return input.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
    }

}
