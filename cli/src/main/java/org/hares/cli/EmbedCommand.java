package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.hares.audio.AudioReader;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.embed.EmbeddingModels.ExternalModelOptions;
import org.hares.embed.ExternalModel;
import org.hares.embed.ModelInput;
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
            "Audio: decoded to 16 kHz mono (a waveform torchscript:/onnx: model: its sample rate), cut into --window "
                + "second windows every --hop seconds (the last one zero-padded), each window's log-mel standardised "
                + "(or its samples) as the model expects; writes (windows, E), or (E,) with --pool mean.",
            ".npy: shape (T, F), (B, T, F) or (B, T, F, 1), taken as the model input as is (no standardisation; log-mel models only); "
                + "writes (E,) for a (T, F) input, (B, E) otherwise.",
            "Output: <stem>.embedding.npy per input."})
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    ModelInputOptions modelInput;

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
        try (Network network = open(modelInput.options(model.model))) {
            for (Path input : inputs) {
                NpyArray embeddings = isNpy(input) ? embedArray(network, input) : embedAudio(network, input);
                Path target = outputFor(input);
                Npy.write(target, embeddings);
                stdout.println(target);
                progress.advance(1);
            }
        }
        progress.finish();
        return 0;
    }

    /**
     * What embedding needs of a model: the audio rate, the model input of one window, and a batch of
     * inputs (each {@code (frames, bins)} when log-mel) into row-major {@code (n, E)} embeddings.
     */
    private interface Network extends AutoCloseable {
        int sampleRate();

        int embeddingSize();

        /** Whether it takes log-mel inputs with {@code bins} mel bins (the .npy inputs). */
        boolean takesLogMel(int bins);

        float[] prepare(float[] window);

        float[] embed(List<float[]> inputs, int frames, int bins);

        @Override
        void close();
    }

    private Network open(ExternalModelOptions external) {
        if (!EmbeddingModels.isExternal(model.model)) {
            Embedder embedder = model.openEmbedder();
            LogMel logMel = new LogMel(FrontendConfig.DEFAULT);
            return new Network() {
                public int sampleRate() { return FrontendConfig.DEFAULT.sampleRate(); }
                public int embeddingSize() { return embedder.embeddingSize(); }
                public boolean takesLogMel(int bins) { return true; }
                public float[] prepare(float[] window) { return logMel.standardised(window); }
                public float[] embed(List<float[]> inputs, int frames, int bins) {
                    return embedder.embed(concat(inputs), inputs.size(), frames, bins);
                }
                public void close() { embedder.close(); }
            };
        }
        EmbeddingModel m = EmbeddingModels.open(model.model, model.checkpoint(), model.seed(), model.device(),
                FrontendConfig.DEFAULT, external);
        boolean logMelInput = m instanceof ExternalModel e && e.input() == ModelInput.LOGMEL;
        return new Network() {
            public int sampleRate() { return m.sampleRate(); }
            public int embeddingSize() { return m.embeddingSize(); }
            public boolean takesLogMel(int bins) { return logMelInput && bins == FrontendConfig.DEFAULT.melBins(); }
            public float[] prepare(float[] window) { return m.prepare(window); }
            public float[] embed(List<float[]> inputs, int frames, int bins) { return concat(m.embed(inputs)); }
            public void close() { m.close(); }
        };
    }

    private NpyArray embedArray(Network network, Path input) {
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
        if (!network.takesLogMel(bins)) {
            throw new NpyFormatException(input, model.model + " does not take log-mel arrays of " + bins
                    + " mel bins (a waveform model takes audio files; a log-mel one " + FrontendConfig.DEFAULT.melBins() + " bins)");
        }
        float[] x = array.toFloats();
        int clip = frames * bins;
        float[] y = embedInBatches(network, batch, frames, bins, i -> Arrays.copyOfRange(x, i * clip, (i + 1) * clip));
        int e = network.embeddingSize();
        return single ? NpyArray.ofFloats(y, e) : NpyArray.ofFloats(y, batch, e);
    }

    private NpyArray embedAudio(Network network, Path input) {
        int rate = network.sampleRate();
        float[] samples = AudioReader.read(input, rate).samples();
        int window = (int) Math.round(windowSeconds * rate);
        int hop = hopSeconds == null ? window : (int) Math.round(hopSeconds * rate);
        int[] starts = Windows.hoppedStarts(samples.length, window, hop);
        int frames = new LogMel(FrontendConfig.DEFAULT).frames(window);
        float[] y = embedInBatches(network, starts.length, frames, FrontendConfig.DEFAULT.melBins(),
                i -> network.prepare(Windows.crop(samples, starts[i], window)));
        int e = network.embeddingSize();
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
    private float[] embedInBatches(Network network, int count, int frames, int bins, IntFunction<float[]> inputOf) {
        int e = network.embeddingSize();
        float[] y = new float[count * e];
        for (int b = 0; b < count; b += batchSize) {
            int n = Math.min(batchSize, count - b);
            List<float[]> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(inputOf.apply(b + i));
            }
            System.arraycopy(network.embed(batch, frames, bins), 0, y, b * e, n * e);
        }
        return y;
    }

    private static float[] concat(List<float[]> rows) {
        int per = rows.get(0).length;
        float[] flat = new float[rows.size() * per];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * per, per);
        }
        return flat;
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
