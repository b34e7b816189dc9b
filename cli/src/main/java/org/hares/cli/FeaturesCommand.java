package org.hares.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hares.Progress;
import org.hares.audio.AudioDecodeException;
import org.hares.frontend.FeatureFiles;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hares features}: raw log-mel of audio files as {@code .npy}. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Write the raw (unstandardised) log-mel of each audio file as <stem>.logmel.npy,",
                "float32 (frames, mel bins), frames = 1 + samples/hop; the same numbers as",
                "torch.log(torchaudio.transforms.MelSpectrogram(...)(wave) + 1e-6).T with the defaults below."})
public final class FeaturesCommand implements Callable<Integer> {

    private static final FrontendConfig D = FrontendConfig.DEFAULT;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, FLAC, MP3, Ogg, Opus, M4A, ...).")
    List<Path> files;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = {"Output folder (default: ${DEFAULT-VALUE}).",
            "Inputs with the same name (a/X.wav, b/X.wav) keep their folders under it: DIR/a/X.logmel.npy, DIR/b/X.logmel.npy."})
    Path out;

    @Mixin
    TaskSelectionOptions.SkipBadAudio skipBadAudio;

    @Option(names = "--skip-bad", hidden = true)
    void deprecatedSkipBad(boolean value) {
        Deprecations.warn(spec, "--skip-bad", "--skip-bad-audio");
        skipBadAudio.set(value);
    }

    @Option(names = "--sample-rate", defaultValue = "16000", paramLabel = "HZ", description = "Resample to this rate in Hz (default: ${DEFAULT-VALUE}).")
    int sampleRate;

    @Option(names = "--window-length", defaultValue = "400", paramLabel = "SAMPLES", description = "Hann window, samples (default: ${DEFAULT-VALUE}).")
    int windowLength;

    @Option(names = "--hop-length", defaultValue = "160", paramLabel = "SAMPLES", description = "Hop, samples (default: ${DEFAULT-VALUE}).")
    int hopLength;

    @Option(names = "--fft-size", defaultValue = "512", paramLabel = "N", description = "FFT size (default: ${DEFAULT-VALUE}).")
    int fftSize;

    @Option(names = "--mel-bins", defaultValue = "128", paramLabel = "N", description = "Mel bands, HTK scale (default: ${DEFAULT-VALUE}).")
    int melBins;

    @Option(names = "--f-min", defaultValue = "60", paramLabel = "HZ", description = "Lowest mel edge, Hz (default: ${DEFAULT-VALUE}).")
    double fMin;

    @Option(names = "--f-max", defaultValue = "7800", paramLabel = "HZ", description = "Highest mel edge, Hz (default: ${DEFAULT-VALUE}).")
    double fMax;

    @Option(names = "--log-offset", defaultValue = "1e-6", paramLabel = "X", description = "log(mel + offset) (default: ${DEFAULT-VALUE}).")
    double logOffset;

    @Override
    public Integer call() {
        FrontendConfig config = new FrontendConfig(sampleRate, windowLength, hopLength, fftSize, melBins, fMin, fMax,
                logOffset, D.stdFloor());
        LogMel logMel = new LogMel(config);
        Map<Path, Path> outputs = OutputPaths.plan(files, out, ".logmel.npy");
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        List<String> failed = new ArrayList<>();
        long started = System.nanoTime();
        double audioSeconds = 0;
        Progress progress = new Progress(stderr, "features", outputs.size(), "files");
        for (Map.Entry<Path, Path> e : outputs.entrySet()) {
            try {
                FeatureFiles.Written w = FeatureFiles.writeLogMel(e.getKey(), e.getValue(), logMel);
                audioSeconds += w.samples() / (double) sampleRate;
                progress.clearLine();
                stdout.printf(Locale.ROOT, "%s\t(%d, %d)%n", w.output(), w.frames(), melBins);
                stdout.flush();
            } catch (AudioDecodeException ex) {
                if (!skipBadAudio.given()) {
                    throw ex;
                }
                failed.add(ex.getMessage());
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            progress.advance(1, String.format(Locale.ROOT, "%.0fx real time", audioSeconds / Math.max(elapsed, 1e-9)));
        }
        progress.finish();
        if (!failed.isEmpty()) {
            stderr.printf("features: skipped %d file(s) that could not be decoded:%n", failed.size());
            failed.forEach(m -> stderr.println("  " + m));
            stderr.flush();
        }
        return 0;
    }

}
