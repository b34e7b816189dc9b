package org.hares.data;

import java.nio.file.Path;
import java.util.List;

/** A loaded dataset: its spec, its root folder and every clip found, in a deterministic order. */
public interface Task {

    TaskSpec spec();

    Path root();

    List<Clip> clips();

    default List<Clip> clips(Split split) {
        return clips().stream().filter(c -> c.split() == split).toList();
    }
}
