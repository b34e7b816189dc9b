package org.hares.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.model.weights.CheckpointMismatchException;

/**
 * Any TorchScript module through DJL ({@code torchscript:FILE}). Contract: the module's
 * {@code forward} takes either the waveform window {@code (B, samples)} float32 at the declared
 * sample rate, or our standardised log-mel {@code (B, T, 128, 1)}; it returns {@code (B, D)} or
 * {@code (B, T', D)}, which is averaged over {@code T'}.
 */
public final class TorchScriptModel implements EmbeddingModel {

    /** What the module's forward takes. */
    public enum Input {
        /** {@code (B, samples)} float32 waveform in [-1, 1] at the declared sample rate. */
        WAVEFORM,
        /** {@code (B, T, mel bins, 1)}: the standardised log-mel of our front end. */
        LOGMEL;

        public static Input parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "waveform" -> WAVEFORM;
                case "logmel", "log-mel" -> LOGMEL;
                default -> throw new IllegalArgumentException("unknown TorchScript input '" + text + "' (expected waveform or logmel)");
            };
        }
    }

    public static final String PREFIX = "torchscript:";

    private final Path file;
    private final Input input;
    private final int sampleRate;
    private final FrontendConfig config;
    private final LogMel logMel;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final int embeddingSize;
    private final String sha256;

    /**
     * Loads the module and runs it once on a zero window to learn D; a module that cannot be
     * loaded or does not accept the declared input is refused here, before any work.
     */
    public TorchScriptModel(Path file, Input input, int sampleRate, double windowSeconds, FrontendConfig config, Device device) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (input == Input.LOGMEL && sampleRate != config.sampleRate()) {
            throw new IllegalArgumentException("a log-mel TorchScript model takes " + config.sampleRate()
                    + " Hz audio (the front end's rate), got --sample-rate " + sampleRate);
        }
        this.file = file;
        this.input = input;
        this.sampleRate = sampleRate;
        this.config = config;
        this.logMel = new LogMel(config);
        this.sha256 = digest(file);
        this.model = Model.newInstance("torchscript", device, "PyTorch");
        try {
            model.load(file);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new CheckpointMismatchException(file + ": not a loadable TorchScript module (expected a file saved with "
                    + "torch.jit.save): " + e.getMessage(), e);
        }
        this.predictor = model.newPredictor(new NoopTranslator());
        float[] probe = prepare(new float[(int) Math.round(windowSeconds * sampleRate)]);
        float[] first;
        try {
            first = run(List.of(probe)).get(0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.embeddingSize = first.length;
    }

    @Override
    public String name() {
        return PREFIX + file;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public int embeddingSize() {
        return embeddingSize;
    }

    @Override
    public String fingerprint() {
        return "torchscript:sha256:" + sha256 + ":" + input + ":" + sampleRate + (input == Input.LOGMEL ? ":" + config : "");
    }

    @Override
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("model", "torchscript");
        p.put("file", file.toString());
        p.put("sha256", sha256);
        p.put("input", input.name().toLowerCase(Locale.ROOT));
        p.put("sample_rate", Integer.toString(sampleRate));
        if (input == Input.LOGMEL) {
            p.put("frontend", config.toString());
        }
        return p;
    }

    @Override
    public float[] prepare(float[] windowSamples) {
        return input == Input.LOGMEL ? logMel.standardised(windowSamples) : windowSamples.clone();
    }

    @Override
    public List<float[]> embed(List<float[]> prepared) {
        List<float[]> out = run(prepared);
        for (float[] e : out) {
            if (e.length != embeddingSize) {
                throw new CheckpointMismatchException(file + " returned " + e.length + " values, earlier " + embeddingSize);
            }
        }
        return out;
    }

    private List<float[]> run(List<float[]> prepared) {
        int b = prepared.size();
        int per = prepared.get(0).length;
        float[] flat = new float[b * per];
        for (int i = 0; i < b; i++) {
            System.arraycopy(prepared.get(i), 0, flat, i * per, per);
        }
        Shape shape = input == Input.LOGMEL ? new Shape(b, per / config.melBins(), config.melBins(), 1) : new Shape(b, per);
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList result = predictor.predict(new NDList(scope.create(flat, shape)));
            result.attach(scope);
            NDArray y = result.head();
            if (y.getShape().dimension() == 3) {
                y = y.mean(new int[] {1});
            }
            if (y.getShape().dimension() != 2 || y.getShape().get(0) != b) {
                throw new CheckpointMismatchException(file + " returned shape " + y.getShape() + " for a batch of " + b
                        + " (expected (B, D) or (B, T', D))");
            }
            float[] values = y.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int d = values.length / b;
            List<float[]> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                float[] e = new float[d];
                System.arraycopy(values, i * d, e, 0, d);
                out.add(e);
            }
            return out;
        } catch (TranslateException | ai.djl.engine.EngineException e) {
            throw new CheckpointMismatchException(file + ": forward failed on a " + describe(per) + " input (expected a "
                    + "module that takes it, see --torchscript-input): " + libtorchError(e), e);
        }
    }

    /**
     * libtorch's own one-line error: a TorchScript interpreter failure ends its multi-line traceback
     * with the exception line ({@code RuntimeError: ...}); other errors say it on their first line.
     */
    static String libtorchError(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        List<String> lines = m.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return t.getClass().getSimpleName();
        }
        return m.contains("Traceback of TorchScript") ? lines.get(lines.size() - 1) : lines.get(0);
    }

    private String describe(int per) {
        return input == Input.LOGMEL ? "(B, " + per / config.melBins() + ", " + config.melBins() + ", 1) log-mel"
                : "(B, " + per + ") waveform";
    }

    private static String digest(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CheckpointMismatchException(file + ": TorchScript file not found");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
