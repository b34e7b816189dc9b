package org.hares.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One example of a task: (part of) an audio file, its split, its fold ({@code 0} when the task has
 * no folds; ESC-50 uses 1–5) and its labels.
 */
public record Clip(String id, Path file, Segment segment, Split split, int fold, Labels labels) {

    public Clip {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(labels, "labels");
        if (fold < 0) {
            throw new IllegalArgumentException("negative fold " + fold + " for clip " + id);
        }
    }

    public Clip(String id, Path file, Split split, Labels labels) {
        this(id, file, Segment.WHOLE, split, 0, labels);
    }
}
