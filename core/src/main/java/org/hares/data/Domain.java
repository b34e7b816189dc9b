package org.hares.data;

/** The three HARES domains; the score reports one average per domain. */
public enum Domain {
    ENVIRONMENT("environment"),
    SPEECH("speech"),
    MUSIC("music");

    private final String id;

    Domain(String id) {
        this.id = id;
    }

    /** The name used in results files. */
    public String id() {
        return id;
    }
}
