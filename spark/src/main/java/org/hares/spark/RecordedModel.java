package org.hares.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model of an embedding run as {@code job.json} describes it: what the evaluator reports about
 * it. It computes nothing; {@code spark eval} takes every embedding from the run's Parquet files.
 */
final class RecordedModel implements org.hares.embed.EmbeddingModel {

    private final Map<String, Object> description;

    RecordedModel(Map<String, Object> description) {
        this.description = Map.copyOf(description);
    }

    @Override
    public String name() {
        return (String) description.get("name");
    }

    @Override
    public int sampleRate() {
        return (Integer) description.get("sample_rate");
    }

    @Override
    public int embeddingSize() {
        return (Integer) description.get("embedding_size");
    }

    @Override
    public String fingerprint() {
        return (String) description.get("fingerprint");
    }

    @Override
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        description.forEach((k, v) -> {
            if (!List.of("name", "fingerprint", "embedding_size", "sample_rate").contains(k)) {
                p.put(k, String.valueOf(v));
            }
        });
        return p;
    }

    @Override
    public float[] prepare(float[] windowSamples) {
        throw new UnsupportedOperationException(name() + ": evaluated from precomputed embeddings; it computes none");
    }

    @Override
    public List<float[]> embed(List<float[]> prepared) {
        throw new UnsupportedOperationException(name() + ": evaluated from precomputed embeddings; it computes none");
    }

    @Override
    public void close() {
        // nothing to free
    }
}
