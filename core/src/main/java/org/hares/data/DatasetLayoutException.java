package org.hares.data;

import java.nio.file.Path;
import org.hares.HaresException;

/** A dataset folder that does not have the layout its task expects: missing or malformed metadata, absent files, unknown labels. */
public final class DatasetLayoutException extends HaresException {

    public DatasetLayoutException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetLayoutException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
