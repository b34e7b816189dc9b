package org.hares.testing.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes metadata text files (UTF-8, '\n' line ends) for the fixtures. */
public final class Text {

    private Text() {
    }

    public static Path write(Path file, List<String> lines) {
        return write(file, String.join("\n", lines) + "\n");
    }

    public static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
