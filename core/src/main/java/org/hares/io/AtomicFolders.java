package org.hares.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a whole folder so that it appears complete or not at all: the content is written into a hidden
 * temporary folder beside the target, which is then renamed to the target (an existing target is
 * replaced). A failure removes the temporary folder, so nothing half-written is left.
 */
public final class AtomicFolders {

    /** Writes the content of a folder. */
    @FunctionalInterface
    public interface Body {
        void writeInto(Path folder) throws IOException;
    }

    private AtomicFolders() {}

    /** Writes {@code target} through {@code body}; returns {@code target}. */
    public static Path write(Path target, Body body) {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = null;
        Path old = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            body.writeInto(tmp);
            if (Files.exists(target)) {
                old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
                Files.delete(old);
                move(target, old);
            }
            move(tmp, target);
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Removes a folder tree; a leftover hidden temporary folder is harmless, so failures are ignored. */
    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // see above
                }
            });
        } catch (IOException ignored) {
            // see above
        }
    }
}
