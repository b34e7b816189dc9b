package org.hares.embed;

import java.util.List;
import java.util.Map;

/**
 * A representation under evaluation. Work is split in two so the model is never idle waiting for
 * audio: {@link #prepare} (features, e.g. the standardised log-mel of a window) runs on worker
 * threads and must be thread-safe; {@link #embed} runs on the single model thread.
 */
public interface EmbeddingModel extends AutoCloseable {

    /** The name given on the command line ({@code slowfast-nfnet-f0}, {@code logmel-stats}, {@code torchscript:FILE}, {@code onnx:FILE}). */
    String name();

    /** Sample rate of the waveform windows it takes. */
    int sampleRate();

    /** Length of one embedding. */
    int embeddingSize();

    /**
     * Identifies the exact function computed (weights or seed, architecture, front end): two models
     * with the same fingerprint give the same embeddings, so it keys the cache.
     */
    String fingerprint();

    /** What the results file records about the model (architecture, checkpoint, seed, front end). */
    Map<String, String> provenance();

    /** Model input for one window of waveform samples; thread-safe, no DJL engine calls required. */
    float[] prepare(float[] windowSamples);

    /**
     * Embeddings of a batch of prepared inputs of equal length, one array of
     * {@link #embeddingSize()} values per input, in order.
     */
    List<float[]> embed(List<float[]> prepared);

    @Override
    void close();
}
