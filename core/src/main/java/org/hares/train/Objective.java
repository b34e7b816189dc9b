package org.hares.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the network is trained to do (paper §1.3). */
public enum Objective {
    /** Two independent crops of a clip are positives, every other view of the batch a negative (NT-Xent). */
    SIMCLR,
    /** Classify the clip's labels: softmax cross-entropy, sigmoid for multi-label tasks, one head per slot. */
    SUPERVISED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Views of each clip in a batch. */
    public int views() {
        return this == SIMCLR ? 2 : 1;
    }

    public static Objective parse(String id) {
        return Arrays.stream(values()).filter(o -> o.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown objective '" + id + "'; valid: "
                        + Arrays.stream(values()).map(Objective::id).collect(Collectors.joining(", "))));
    }
}
