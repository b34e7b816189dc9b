package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import org.hares.audio.AudioReader;
import org.hares.cli.export.TaskEmbeddingOptions;
import org.hares.embed.EmbeddingExtractor;
import org.hares.embed.EmbeddingModel;
import org.hares.embed.EmbeddingModels;
import org.hares.embed.ExternalModel;
import org.hares.embed.ModelInput;
import org.hares.embed.ModelStreams;
import org.hares.embed.NfNetEmbeddingModel;
import org.hares.Progress;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.frontend.Windows;
import org.hares.io.Npy;
import org.hares.io.NpyArray;
import org.hares.io.NpyFormatException;
import org.hares.embed.NonFiniteEmbeddingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hares embed}: embeddings of audio files, or of log-mel arrays stored as {@code .npy}. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embeds audio files (WAV, FLAC, MP3, Ogg, M4A, ...) with any model 'hares eval' takes, "
                + "or log-mel spectrograms stored as .npy.",
            "Audio: decoded to 16 kHz mono (a waveform torchscript:/onnx: model: its sample rate), cut into --window "
                + "second windows every --hop seconds (the last one zero-padded), each window's log-mel standardised "
                + "(or its samples) as the model expects; writes (windows, E), or (E,) with --pool mean.",
            ".npy: shape (T, F), (B, T, F) or (B, T, F, 1), taken as the model input as is (no standardisation; log-mel models only); "
                + "writes (E,) for a (T, F) input, (B, E) otherwise.",
            "Output: <stem>.embedding.npy per input; inputs with the same name (a/X.wav, b/X.wav) keep their folders "
                + "under --out (DIR/a/X.embedding.npy, DIR/b/X.embedding.npy).",
            "Tasks (--task ID[:VARIANT]=DIR or hear:DIR, or --config; no INPUT): every clip in the task's evaluation windows, "
                + "as 'hares eval' embeds them, written per split into --out in --format npz or hear."})
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    ModelOptions.PrecisionOption precision;

    @Mixin
    ModelInputOptions modelInput;

    @Option(names = "--out", paramLabel = "DIR", description = {"Output folder (default: beside each input).",
            "Inputs with the same name (a/X.wav, b/X.wav) keep their folders under it: DIR/a/X.embedding.npy, DIR/b/X.embedding.npy."})
    Path out;

    @Mixin
    EmbeddingRunOptions.BatchSize batchSizeOption;

    @Mixin
    EmbeddingRunOptions.Streams streamsOption;

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
        int batchSize = batchSizeOption.value();
        int streams = streamsOption.value();
        AudioWindows.validate(windowSeconds, hopSeconds, FrontendConfig.DEFAULT.sampleRate());
        PrintWriter stdout = spec.commandLine().getOut();
        if (tasks.given()) {
            return embedTasks(stdout, batchSize, streams);
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to embed: give INPUT files, or --task/--config to export whole tasks");
        }
        Map<Path, Path> outputs = OutputPaths.plan(inputs, out, ".embedding.npy");
        Progress progress = new Progress(spec.commandLine().getErr(), "embed", outputs.size(), "files");
        // an external model is probed with the --window it will be given
        try (EmbeddingModel m = EmbeddingModels.open(model.model, model.checkpoint(), model.seed(), model.device(),
                precision.get(), FrontendConfig.DEFAULT, modelInput.options(model.model).probing(List.of(windowSeconds)))) {
            int n = EmbeddingExtractor.streams(m, streams);
            if (n == 1) {
                for (Map.Entry<Path, Path> e : outputs.entrySet()) {
                    done(stdout, progress, embedFile(m, e.getKey(), e.getValue(), batchSize));
                }
            } else {
                // files go to the streams whole, and are reported in input order
                try (ModelStreams<EmbeddingModel> pool = new ModelStreams<>(n, "hares-embed-stream", s -> m.stream(s, n),
                        () -> m.stream(0, 1))) {
                    Deque<CompletableFuture<Path>> pending = new ArrayDeque<>();
                    for (Map.Entry<Path, Path> e : outputs.entrySet()) {
                        pending.add(pool.submit(instance -> embedFile(instance, e.getKey(), e.getValue(), batchSize)));
                        while (!pending.isEmpty() && pending.peek().isDone()) {
                            done(stdout, progress, join(pending.poll()));
                        }
                    }
                    while (!pending.isEmpty()) {
                        done(stdout, progress, join(pending.poll()));
                    }
                }
            }
        }
        progress.finish();
        return 0;
    }

    private Path embedFile(EmbeddingModel m, Path input, Path target, int batchSize) {
        Npy.write(target, isNpy(input) ? embedArray(m, input, batchSize) : embedAudio(m, input, batchSize));
        return target;
    }

    private static void done(PrintWriter stdout, Progress progress, Path target) {
        progress.clearLine();
        stdout.println(target);
        stdout.flush();
        progress.advance(1);
    }

    /** The file a stream wrote; its failure as the stream met it (a bad file keeps its own error and exit code). */
    private static Path join(CompletableFuture<Path> written) {
        try {
            return written.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private int embedTasks(PrintWriter stdout, int batchSize, int streams) {
        var parsed = spec.commandLine().getParseResult();
        if (inputs != null && !inputs.isEmpty() || out == null || parsed.hasMatchedOption("--window") || parsed.hasMatchedOption("--hop")) {
            throw new IllegalArgumentException("with --task or --config: give --out DIR and no INPUT, --window or --hop "
                    + "(a task is embedded in its own evaluation windows)");
        }
        try (EmbeddingModel m = EmbeddingModels.open(model.model, model.checkpoint(), model.seed(), model.device(),
                precision.get(), FrontendConfig.DEFAULT, modelInput.options(model.model))) {
            return tasks.run(m, out, batchSize, streams, pool == Pool.mean, stdout, spec.commandLine().getErr());
        }
    }

    /** Whether {@code m} takes .npy log-mel inputs of {@code bins} mel bins: an NFNet any, an external log-mel model the front end's. */
    private static boolean takesLogMel(EmbeddingModel m, int bins) {
        return m instanceof NfNetEmbeddingModel
                || m instanceof ExternalModel e && e.input() == ModelInput.LOGMEL && bins == FrontendConfig.DEFAULT.melBins();
    }

    /** Row-major (n, E) embeddings of inputs of (frames, bins) each. */
    private static float[] embed(EmbeddingModel m, List<float[]> inputs, int frames, int bins) {
        return m instanceof NfNetEmbeddingModel nfnet ? nfnet.embed(concat(inputs), inputs.size(), frames, bins)
                : concat(m.embed(inputs));
    }

    private NpyArray embedArray(EmbeddingModel m, Path input, int batchSize) {
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
        if (!takesLogMel(m, bins)) {
            throw new NpyFormatException(input, model.model + " does not take log-mel arrays of " + bins
                    + " mel bins (a waveform model takes audio files; a log-mel one " + FrontendConfig.DEFAULT.melBins() + " bins)");
        }
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
        float[] y = embedInBatches(m, input, batch, frames, bins, batchSize,
                i -> Arrays.copyOfRange(x, i * clip, (i + 1) * clip));
        int e = m.embeddingSize();
        return single ? NpyArray.ofFloats(y, e) : NpyArray.ofFloats(y, batch, e);
    }

    private NpyArray embedAudio(EmbeddingModel m, Path input, int batchSize) {
        int rate = m.sampleRate();
        float[] samples = AudioReader.read(input, rate).samples();
        AudioWindows windows = AudioWindows.of(windowSeconds, hopSeconds, rate, samples.length);
        int window = windows.window();
        int[] starts = Windows.hoppedStarts(samples.length, window, windows.hop());
        int frames = new LogMel(FrontendConfig.DEFAULT).frames(window);
        int bins = FrontendConfig.DEFAULT.melBins();
        int perPass = windows.windowsPerPass(input, frames, bins, model.model, batchSize, rate);
        float[] y = embedInBatches(m, input, starts.length, frames, bins, perPass,
                i -> m.prepare(Windows.crop(samples, starts[i], window)));
        int e = m.embeddingSize();
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
    private float[] embedInBatches(EmbeddingModel m, Path input, int count, int frames, int bins, int perPass,
            IntFunction<float[]> inputOf) {
        int e = m.embeddingSize();
        float[] y = new float[count * e];
        for (int b = 0; b < count; b += perPass) {
            int n = Math.min(perPass, count - b);
            List<float[]> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(inputOf.apply(b + i));
            }
            System.arraycopy(embed(m, batch, frames, bins), 0, y, b * e, n * e);
        }
        int nonFinite = NonFiniteEmbeddingException.count(y);
        if (nonFinite > 0) {
            throw new NonFiniteEmbeddingException(model.model, input.toString(), nonFinite, y.length);
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
}
