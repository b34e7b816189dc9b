package org.hares.embed;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Where a run's time goes: thread-time per stage, summed over threads, in nanoseconds. */
public final class StageTimes {

    /** The stages of an evaluation run. */
    public enum Stage {
        /** Reading and decoding audio, resampling (worker threads). */
        DECODE,
        /** Front end: window cutting and model input preparation (worker threads). */
        FEATURES,
        /** The model's forward passes, summed over the extraction streams. */
        MODEL,
        /**
         * The rest of the streams' time while splits are being embedded (streams × that wall time − {@link #MODEL}):
         * the streams waiting for batches; would be zero if the model were the bottleneck.
         */
        MODEL_WAITING,
        /** Cache reads and writes. */
        CACHE,
        /** Training and scoring heads. */
        HEADS
    }

    private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);

    public StageTimes() {
        for (Stage s : Stage.values()) {
            nanos.put(s, new LongAdder());
        }
    }

    public void add(Stage stage, long elapsedNanos) {
        nanos.get(stage).add(elapsedNanos);
    }

    public double seconds(Stage stage) {
        return nanos.get(stage).sum() / 1e9;
    }

    /** Seconds per stage, keyed by lower-case stage name. */
    public Map<String, Double> toMap() {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            out.put(s.name().toLowerCase(java.util.Locale.ROOT), seconds(s));
        }
        return out;
    }
}
