package org.hares.data;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A task id with its variant, written {@code id[:variant]} on the command line and in results. A task
 * read from a HEAR folder has the id {@code hear:<task_name>} and its {@code <version>-<mode>} as variant.
 */
public record TaskRef(String id, String variant) {

    public static final String DEFAULT_VARIANT = "default";
    /** Prefix of the ids of tasks read from HEAR task folders (never part of the HARES suite). */
    public static final String HEAR_PREFIX = "hear:";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.]+");
    private static final Pattern HEAR_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public TaskRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(variant, "variant");
        boolean hear = id.startsWith(HEAR_PREFIX);
        Pattern name = hear ? HEAR_NAME : NAME;
        if (!name.matcher(hear ? id.substring(HEAR_PREFIX.length()) : id).matches() || !name.matcher(variant).matches()) {
            throw new IllegalArgumentException("malformed task reference '" + id + ":" + variant
                    + "' (expected ID[:VARIANT], lower case)");
        }
    }

    /** Parses {@code id} or {@code id:variant}; an absent variant is {@code null}-free "default". */
    public static TaskRef parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':', t.startsWith(HEAR_PREFIX) ? HEAR_PREFIX.length() : 0);
        return colon < 0 ? new TaskRef(t, DEFAULT_VARIANT) : new TaskRef(t.substring(0, colon), t.substring(colon + 1));
    }

    /** Whether this is a task read from a HEAR task folder. */
    public boolean isHear() {
        return id.startsWith(HEAR_PREFIX);
    }

    @Override
    public String toString() {
        return id + ":" + variant;
    }
}
