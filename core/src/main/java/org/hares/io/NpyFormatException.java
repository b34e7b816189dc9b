package org.hares.io;

import java.nio.file.Path;
import org.hares.HaresException;

/** A {@code .npy} or {@code .npz} file that cannot be read as such, or an array that cannot be written. */
public final class NpyFormatException extends HaresException {

    public NpyFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public NpyFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
