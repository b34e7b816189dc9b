package org.hares.data;

import java.util.Objects;
import java.util.regex.Pattern;

/** A task id with its variant, written {@code id[:variant]} on the command line and in results. */
public record TaskRef(String id, String variant) {

    public static final String DEFAULT_VARIANT = "default";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.]+");

    public TaskRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(variant, "variant");
        if (!NAME.matcher(id).matches() || !NAME.matcher(variant).matches()) {
            throw new IllegalArgumentException("malformed task reference '" + id + ":" + variant
                    + "' (expected ID[:VARIANT], lower case)");
        }
    }

    /** Parses {@code id} or {@code id:variant}; an absent variant is {@code null}-free "default". */
    public static TaskRef parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        return colon < 0 ? new TaskRef(t, DEFAULT_VARIANT) : new TaskRef(t.substring(0, colon), t.substring(colon + 1));
    }

    @Override
    public String toString() {
        return id + ":" + variant;
    }
}
