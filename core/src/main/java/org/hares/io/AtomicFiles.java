package org.hares.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers (and a run resumed after a kill) see either the old content or
 * the complete new content, never a partial file: write a temporary file beside the target, then
 * rename it over the target.
 */
public final class AtomicFiles {

    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Body body) {
        writeAll(java.util.Map.of(target, body));
    }

    /**
     * Writes several files as one set: every file goes to a temporary name beside its target, and
     * only once all are complete are they renamed over the targets, one right after another. A
     * failure while writing any of them leaves every target as it was.
     */
    public static void writeAll(java.util.Map<Path, Body> files) {
        java.util.Map<Path, Path> temporary = new java.util.LinkedHashMap<>();
        try {
            for (java.util.Map.Entry<Path, Body> e : files.entrySet()) {
                Path target = e.getKey();
                Path dir = target.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
                temporary.put(target, tmp);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    e.getValue().writeTo(out);
                }
                // createTempFile makes the file private (0600); results are ordinary files
                if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            for (java.util.Iterator<java.util.Map.Entry<Path, Path>> it = temporary.entrySet().iterator(); it.hasNext(); ) {
                java.util.Map.Entry<Path, Path> e = it.next();
                try {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
                }
                it.remove();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + String.join(", ", files.keySet().stream().map(Path::toString).toList())
                    + ": " + e.getMessage(), e);
        } finally {
            for (Path tmp : temporary.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary name never shadows a real result; leaving it is harmless
                }
            }
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
