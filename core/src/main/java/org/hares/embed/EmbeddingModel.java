package org.hares.embed;

import java.util.List;
import java.util.Map;

/**
 * A representation under evaluation. Work is split in two so the model is never idle waiting for
 * audio: {@link #prepare} (features, e.g. the standardised log-mel of a window) runs on worker
 * threads and must be thread-safe; {@link #embed} runs on a model thread: the calling one, or with
 * several extraction streams one thread per stream, each on the instance {@link #stream} gives it.
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

    /**
     * How many extraction streams can run at once, each on an instance of its own (see {@link #stream}):
     * 1 where a further instance is not cheap, and then more streams are clamped to 1.
     */
    default int maxStreams() {
        return 1;
    }

    /**
     * Enters extraction stream {@code s} of {@code streams} on the calling thread, the one that will run
     * its forward passes: the thread gets its share of the engine's intra-op threads (threads / streams;
     * libtorch's setting is per thread), and the result is the instance it runs, this model for stream 0,
     * otherwise one computing the same function (same fingerprint), opened on first use and closed with
     * this model. Entering stream 0 of 1 gives the thread all the threads again.
     */
    default EmbeddingModel stream(int s, int streams) {
        if (s < 0 || s >= streams || streams > maxStreams()) {
            throw new IllegalArgumentException(name() + " runs at most " + maxStreams() + " stream(s), asked for stream "
                    + s + " of " + streams);
        }
        return this;
    }

    @Override
    void close();
}
