package org.hares.data;

/** A task's headline metric; both are reported in percent. */
public enum Metric {
    ACCURACY("accuracy"),
    /** Macro average precision over classes with at least one positive test example. */
    MAP("mAP");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
