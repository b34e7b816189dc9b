package org.hares.audio;

import java.nio.file.Path;
import org.hares.HaresException;

/** An audio file that cannot be decoded: corrupt, truncated, empty, unsupported or with invalid samples. */
public final class AudioDecodeException extends HaresException {

    private final Path file;

    public AudioDecodeException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public AudioDecodeException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
