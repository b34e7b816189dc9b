package org.hares.embed;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.model.weights.CheckpointMismatchException;

/**
 * A network exported from another framework and run through a DJL engine. Contract: one input,
 * either the waveform window {@code (B, samples)} float32 at the declared sample rate or our
 * standardised log-mel {@code (B, T, 128, 1)}; the first output is {@code (B, D)} or
 * {@code (B, T', D)}, averaged over {@code T'}. A network with a fixed batch size is called with
 * batches of exactly that size (the last one padded with zero rows); one with a fixed time axis
 * gets each window in consecutive pieces of that length (the last one zero-padded) and their
 * embeddings are averaged.
 */
public abstract class ExternalModel implements EmbeddingModel {

    /**
     * A loaded network and the axes it fixes.
     *
     * @param fixedBatch  the batch size it requires, 0 when dynamic
     * @param fixedLength values per batch row it requires (samples, or frames × mel bins), 0 when dynamic
     */
    protected record Network(Model model, String sha256, int fixedBatch, int fixedLength) {}

    private final String prefix;
    private final Path file;
    private final ModelInput input;
    private final int sampleRate;
    private final FrontendConfig config;
    private final LogMel logMel;
    private final Model model;
    private final String sha256;
    private final int fixedBatch;
    private final int fixedLength;
    private final Predictor<NDList, NDList> predictor;
    private final int embeddingSize;
    /** A further extraction stream's instance: it runs the network of another, which closes it. */
    private final boolean borrowed;

    /**
     * Runs the network once on a zero window of each of the {@code probeSeconds} it will be given (the
     * windows of the tasks evaluated) to learn D; a network that does not accept the declared input at
     * one of these lengths, or gives different sizes, is refused here, before any work. Closes it on failure.
     */
    protected ExternalModel(String prefix, Path file, ModelInput input, int sampleRate, List<Double> probeSeconds,
            FrontendConfig config, Network network) {
        this.prefix = prefix;
        this.file = file;
        this.input = input;
        this.sampleRate = sampleRate;
        this.config = config;
        this.logMel = new LogMel(config);
        this.model = network.model();
        this.sha256 = network.sha256();
        this.fixedBatch = network.fixedBatch();
        this.fixedLength = network.fixedLength();
        this.borrowed = false;
        try {
            if (sampleRate <= 0) {
                throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
            }
            if (input == ModelInput.LOGMEL && sampleRate != config.sampleRate()) {
                throw new IllegalArgumentException("a log-mel model takes " + config.sampleRate()
                        + " Hz audio (the front end's rate), got --model-sample-rate " + sampleRate);
            }
            this.predictor = model.newPredictor(new NoopTranslator());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        int size = -1;
        for (double seconds : probeSeconds) {
            float[] probe = prepare(new float[(int) Math.round(seconds * sampleRate)]);
            int d;
            try {
                d = run(List.of(probe)).get(0).length;
            } catch (RuntimeException e) {
                release();
                throw new CheckpointMismatchException(file + ": forward failed on a " + describe(probe.length)
                        + " input, a " + seconds + "-s window (expected it to take " + input.contract(config.melBins())
                        + "): " + engineError(e), e);
            }
            if (size >= 0 && d != size) {
                release();
                throw new CheckpointMismatchException(file + ": returned " + d + " values for a " + seconds + "-s window and "
                        + size + " for a " + probeSeconds.get(0) + "-s one (expected one embedding size)");
            }
            size = d;
        }
        if (size < 0) {
            release();
            throw new IllegalArgumentException("need at least one window length to probe " + file + " with");
        }
        this.embeddingSize = size;
    }

    /**
     * Another instance of {@code of}'s loaded network with a predictor of its own (DJL's predictors are
     * not shared between threads), for a further extraction stream; closing it leaves the network open.
     */
    protected ExternalModel(ExternalModel of) {
        this.prefix = of.prefix;
        this.file = of.file;
        this.input = of.input;
        this.sampleRate = of.sampleRate;
        this.config = of.config;
        this.logMel = of.logMel;
        this.model = of.model;
        this.sha256 = of.sha256;
        this.fixedBatch = of.fixedBatch;
        this.fixedLength = of.fixedLength;
        this.embeddingSize = of.embeddingSize;
        this.borrowed = true;
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    /** Reads {@code file} whole for its SHA-256; a missing file is refused naming it. */
    protected static String sha256(Path file, String kind) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchFileException e) {
            throw new CheckpointMismatchException(file + ": " + kind + " file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first line of an engine's message, for one-line errors. */
    protected static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * The engine's own one-line error, from the innermost cause: a TorchScript interpreter failure
     * ends its multi-line traceback with the exception line ({@code RuntimeError: ...}), which the
     * first line ("The following operation failed...") does not say; other errors say it first.
     */
    static String engineError(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        List<String> lines = m.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return t.getClass().getSimpleName();
        }
        return m.contains("Traceback of TorchScript") ? lines.get(lines.size() - 1) : lines.get(0);
    }

    public ModelInput input() {
        return input;
    }

    @Override
    public String name() {
        return prefix + file;
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
        return kind() + ":sha256:" + sha256 + ":" + input + ":" + sampleRate + (input == ModelInput.LOGMEL ? ":" + config : "");
    }

    @Override
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("model", kind());
        p.put("file", file.toString());
        p.put("sha256", sha256);
        p.put("input", input.id());
        p.put("sample_rate", Integer.toString(sampleRate));
        if (fixedBatch > 0) {
            p.put("fixed_batch", Integer.toString(fixedBatch));
        }
        if (fixedLength > 0) {
            p.put("fixed_input_length", Integer.toString(fixedLength));
        }
        if (input == ModelInput.LOGMEL) {
            p.put("frontend", config.toString());
        }
        return p;
    }

    @Override
    public float[] prepare(float[] windowSamples) {
        return input == ModelInput.LOGMEL ? logMel.standardised(windowSamples) : windowSamples.clone();
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

    private String kind() {
        return prefix.substring(0, prefix.length() - 1);
    }

    /** Cuts each input into rows the network takes, runs them in batches it takes, and averages back. */
    private List<float[]> run(List<float[]> prepared) {
        int per = prepared.get(0).length;
        int rowLength = fixedLength > 0 ? fixedLength : per;
        int pieces = Math.max(1, (per + rowLength - 1) / rowLength);
        int rows = prepared.size() * pieces;
        int step = fixedBatch > 0 ? fixedBatch : rows;
        List<float[]> rowOut = new ArrayList<>(rows);
        for (int start = 0; start < rows; start += step) {
            int n = Math.min(step, rows - start);
            float[] flat = new float[step * rowLength];
            for (int r = 0; r < n; r++) {
                int offset = ((start + r) % pieces) * rowLength;
                System.arraycopy(prepared.get((start + r) / pieces), offset, flat, r * rowLength, Math.min(rowLength, per - offset));
            }
            rowOut.addAll(forward(flat, step, rowLength).subList(0, n));
        }
        if (pieces == 1) {
            return rowOut;
        }
        List<float[]> out = new ArrayList<>(prepared.size());
        for (int i = 0; i < prepared.size(); i++) {
            out.add(mean(rowOut.subList(i * pieces, (i + 1) * pieces)));
        }
        return out;
    }

    /** One call of the network on {@code batch} rows; its output averaged over T' where it has one. */
    private List<float[]> forward(float[] flat, int batch, int rowLength) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList result = predictor.predict(new NDList(scope.create(flat, new Shape(input.shape(batch, rowLength, config.melBins())))));
            result.attach(scope);
            NDArray y = result.head();
            long[] s = y.getShape().getShape();
            if (!(s.length == 2 || s.length == 3) || s[0] != batch) {
                throw new CheckpointMismatchException(file + " returned shape " + y.getShape() + " for a batch of " + batch
                        + " (expected (B, D) or (B, T', D))");
            }
            float[] values = floats(y);
            int steps = s.length == 3 ? (int) s[1] : 1;
            int d = (int) s[s.length - 1];
            List<float[]> out = new ArrayList<>(batch);
            for (int b = 0; b < batch; b++) {
                float[] e = new float[d];
                for (int t = 0; t < steps; t++) {
                    int base = (b * steps + t) * d;
                    for (int k = 0; k < d; k++) {
                        e[k] += values[base + k];
                    }
                }
                for (int k = 0; k < d; k++) {
                    e[k] /= steps;
                }
                out.add(e);
            }
            return out;
        } catch (TranslateException | ai.djl.engine.EngineException e) {
            // a model that fails on the input it declared it takes: the model's fault, one line (exit 4)
            throw new CheckpointMismatchException(file + ": forward failed on a " + describe(rowLength) + " input: "
                    + engineError(e), e);
        }
    }

    private float[] floats(NDArray y) {
        if (y.getDataType() == DataType.FLOAT32) {
            return y.toFloatArray();
        }
        if (y.getDataType() == DataType.FLOAT64) {
            double[] d = y.toDoubleArray();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new CheckpointMismatchException(file + " returned " + y.getDataType() + " values (expected float32 or float64)");
    }

    private static float[] mean(List<float[]> rows) {
        float[] m = new float[rows.get(0).length];
        for (float[] r : rows) {
            for (int k = 0; k < m.length; k++) {
                m[k] += r[k] / rows.size();
            }
        }
        return m;
    }

    private String describe(int per) {
        long[] s = input.shape(1, fixedLength > 0 ? fixedLength : per, config.melBins());
        StringBuilder b = new StringBuilder("(").append(fixedBatch > 0 ? Integer.toString(fixedBatch) : "B");
        for (int i = 1; i < s.length; i++) {
            b.append(", ").append(s[i]);
        }
        return b.append(") ").append(input.id()).toString();
    }

    @Override
    public void close() {
        release();
    }

    /** Closes the predictor, and the network unless borrowed; not overridable, so the constructor may call it. */
    private void release() {
        if (predictor != null) {
            predictor.close();
        }
        if (!borrowed) {
            model.close();
        }
    }
}
