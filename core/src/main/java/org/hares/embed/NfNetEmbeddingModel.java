package org.hares.embed;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hares.frontend.FrontendConfig;
import org.hares.frontend.LogMel;
import org.hares.model.Embedder;
import org.hares.model.ModelArchitecture;
import org.hares.model.Precision;
import org.hares.model.weights.CheckpointMismatchException;

/**
 * Slowfast NFNet-F0 or one of its pathways, from a checkpoint or a seeded initialisation: the
 * window's standardised log-mel (worker threads) into {@link Embedder} (model thread). Each further
 * extraction stream loads the weights into an {@link Embedder} of its own, opened as the first one
 * was (same precision), and must reach the same fingerprint (an Embedder is not shared between threads).
 */
public final class NfNetEmbeddingModel implements EmbeddingModel {

    private final ModelArchitecture architecture;
    private final Optional<Path> checkpoint;
    private final Device device;
    private final FrontendConfig config;
    private final LogMel logMel;
    private final Supplier<Embedder> open;
    private final Embedder embedder;
    private final LibtorchStreams<NfNetEmbeddingModel> streams;
    private final Map<String, String> provenance = new LinkedHashMap<>();

    /**
     * Opens the network computing in {@code precision}; a checkpoint that does not fit it, or a precision the
     * device has no native support for, is refused here, before any work.
     */
    public NfNetEmbeddingModel(ModelArchitecture architecture, Optional<Path> checkpoint, long seed, Device device,
            Precision precision, FrontendConfig config) {
        this(architecture, checkpoint, device, config, () -> Embedder.open(architecture, checkpoint, seed, device, precision));
    }

    /** @param open opens the network, for the first stream and every further one alike */
    NfNetEmbeddingModel(ModelArchitecture architecture, Optional<Path> checkpoint, Device device, FrontendConfig config,
            Supplier<Embedder> open) {
        this.architecture = architecture;
        this.checkpoint = checkpoint;
        this.device = device;
        this.config = config;
        this.logMel = new LogMel(config);
        this.open = open;
        this.embedder = open.get();
        this.streams = new LibtorchStreams<>(this::openStream);
        provenance.put("model", architecture.id());
        provenance.put("description", architecture.description());
        provenance.put("weights", embedder.fingerprint());
        checkpoint.ifPresent(c -> {
            provenance.put("checkpoint", c.toAbsolutePath().toString());
            try {
                provenance.put("checkpoint_bytes", Long.toString(java.nio.file.Files.size(c)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the size of " + c, e);
            }
        });
        provenance.put("frontend", config.toString());
        provenance.put("device", device.toString());
        provenance.put("precision", embedder.precision().id());
    }

    @Override
    public String name() {
        return architecture.id();
    }

    @Override
    public int sampleRate() {
        return config.sampleRate();
    }

    @Override
    public int embeddingSize() {
        return embedder.embeddingSize();
    }

    @Override
    public String fingerprint() {
        return fingerprint(architecture, embedder.fingerprint(), embedder.precision(), config);
    }

    /** Reduced precision is part of the function computed; float32 keeps the fingerprint it always had (and its cache). */
    static String fingerprint(ModelArchitecture architecture, String weights, Precision precision, FrontendConfig config) {
        String base = architecture.id() + ":" + weights + ":" + config;
        return precision == Precision.FP32 ? base : base + ":" + precision.id();
    }

    @Override
    public Map<String, String> provenance() {
        return Map.copyOf(provenance);
    }

    @Override
    public float[] prepare(float[] windowSamples) {
        return logMel.standardised(windowSamples);
    }

    @Override
    public List<float[]> embed(List<float[]> prepared) {
        int bins = config.melBins();
        int per = prepared.get(0).length;
        float[] input = new float[prepared.size() * per];
        for (int i = 0; i < prepared.size(); i++) {
            System.arraycopy(prepared.get(i), 0, input, i * per, per);
        }
        float[] out = embed(input, prepared.size(), per / bins, bins);
        int d = embeddingSize();
        List<float[]> result = new ArrayList<>(prepared.size());
        for (int i = 0; i < prepared.size(); i++) {
            float[] e = new float[d];
            System.arraycopy(out, i * d, e, 0, d);
            result.add(e);
        }
        return result;
    }

    /** As {@link Embedder#embed}: any number of frames and mel bins, not only the front end's. */
    public float[] embed(float[] input, int batch, int frames, int melBins) {
        return embedder.embed(input, batch, frames, melBins);
    }

    @Override
    public int maxStreams() {
        return Integer.MAX_VALUE;
    }

    @Override
    public EmbeddingModel stream(int s, int n) {
        EmbeddingModel.super.stream(s, n);
        return streams.enter(this, s, n);
    }

    /** The weights loaded again in the same precision, for a further extraction stream; refused if the checkpoint changed meanwhile. */
    private NfNetEmbeddingModel openStream() {
        NfNetEmbeddingModel m = new NfNetEmbeddingModel(architecture, checkpoint, device, config, open);
        if (!m.fingerprint().equals(fingerprint())) {
            m.close();
            throw new CheckpointMismatchException(checkpoint.map(Path::toString).orElse(architecture.id())
                    + " changed during the run: an extraction stream loaded " + m.embedder.fingerprint()
                    + ", expected " + embedder.fingerprint());
        }
        return m;
    }

    @Override
    public void close() {
        streams.close();
        embedder.close();
    }
}
