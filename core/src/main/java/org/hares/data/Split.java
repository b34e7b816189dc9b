package org.hares.data;

import java.util.Locale;

/** Where a clip belongs. HARES ignores {@link #VALID} except for the fast protocol's model selection. */
public enum Split {
    TRAIN,
    VALID,
    TEST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> TRAIN;
            case "valid", "validation", "val", "dev" -> VALID;
            case "test", "testing", "eval", "evaluate", "evaluation" -> TEST;
            default -> throw new IllegalArgumentException("unknown split '" + text + "' (expected train, valid or test)");
        };
    }
}
