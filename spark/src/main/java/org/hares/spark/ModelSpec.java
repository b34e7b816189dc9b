package org.hares.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * The model every executor opens: a name accepted by {@code EmbeddingModels.open}, an optional
 * checkpoint URI the executors can read (local path, {@code hdfs://}, {@code s3a://}) and the seed of
 * the initialisation when there is none.
 */
public record ModelSpec(String name, String checkpoint, long seed) implements Serializable {

    public ModelSpec {
        Objects.requireNonNull(name, "name");
    }
}
