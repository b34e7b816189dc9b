package org.hares.data.hares;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hares.data.DatasetLayoutException;
import org.hares.data.LayoutReport;
import org.hares.data.LayoutReport.MissingFile;

/** What one load found beside the clips; loaders record absent audio and notes here instead of failing at the first. */
final class Scan {

    private final Path root;
    private final boolean skipBadFiles;
    final FileIndex files = new FileIndex();
    private final List<MissingFile> missing = new ArrayList<>();
    private final Map<String, Long> notes = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    Scan(Path root, boolean skipBadFiles) {
        this.root = root;
        this.skipBadFiles = skipBadFiles;
    }

    Path root() {
        return root;
    }

    /** A required metadata file under the root; a typed error naming the expected path when absent. */
    Path metadata(String relative, String what) {
        Path p = root.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new DatasetLayoutException(p, "missing " + what + " (expected the file " + p + ")");
        }
        return p;
    }

    /** A required folder under the root. */
    Path folder(String relative, String what) {
        Path p = root.resolve(relative);
        if (!Files.isDirectory(p)) {
            throw new DatasetLayoutException(p, "missing " + what + " (expected the folder " + p + ")");
        }
        return p;
    }

    /** Claims an audio file named by {@code listedIn}; records it as missing when absent. */
    boolean audio(Path file, Path listedIn) {
        if (files.claim(file)) {
            return true;
        }
        missing.add(new MissingFile(file, listedIn));
        return false;
    }

    /** Like {@link #audio(Path, Path)} for {@code dir/name}; returns the file, or null when absent (recorded). */
    Path audio(Path dir, String name, Path listedIn) {
        Path file = dir.resolve(name);
        if (files.claim(dir, name)) {
            return file;
        }
        missing.add(new MissingFile(file, listedIn));
        return null;
    }

    /** Fails on a clip id seen before. */
    void uniqueId(String id, Path listedIn) {
        if (!ids.add(id)) {
            throw new DatasetLayoutException(listedIn, "duplicate clip id '" + id + "'");
        }
    }

    void note(String key, long count) {
        notes.merge(key, count, Long::sum);
    }

    void warn(String message) {
        warnings.add(message);
    }

    LayoutReport report() {
        return new LayoutReport(missing, files.unclaimedAudio(), skipBadFiles, notes, warnings);
    }
}
