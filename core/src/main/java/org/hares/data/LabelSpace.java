package org.hares.data;

import java.util.List;
import java.util.Objects;

/** A named, ordered list of classes; a label is an index into it. */
public record LabelSpace(String name, List<String> classes) {

    public LabelSpace {
        Objects.requireNonNull(name, "name");
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("label space '" + name + "' has no classes");
        }
    }

    public int size() {
        return classes.size();
    }

    public int indexOf(String label) {
        return classes.indexOf(label);
    }
}
