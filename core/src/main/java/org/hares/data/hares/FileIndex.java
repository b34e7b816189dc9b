package org.hares.data.hares;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cached directory listings: one {@code readdir} per folder instead of one {@code stat} per clip,
 * which keeps indexing hundreds of thousands of clips fast, and remembers which entries metadata
 * claimed so unreferenced audio files can be reported.
 */
final class FileIndex {

    private static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "flac", "mp3", "ogg", "opus", "m4a", "aac", "webm");

    /** Entry name → claimed by metadata; one map (values are the shared Boolean constants) keeps the heap small. */
    private static final class Listing {
        final Map<String, Boolean> entries;
        int claimed;

        Listing(Map<String, Boolean> entries) {
            this.entries = entries;
        }
    }

    private final Map<Path, Listing> listings = new HashMap<>();

    /** Entry names of a folder; empty when it does not exist. */
    Set<String> names(Path dir) {
        return listing(dir).entries.keySet();
    }

    /** Entry names of a folder, sorted. */
    List<String> sortedNames(Path dir) {
        List<String> names = new ArrayList<>(listing(dir).entries.keySet());
        names.sort(null);
        return names;
    }

    boolean exists(Path file) {
        Path parent = file.getParent();
        return parent != null && listing(parent).entries.containsKey(file.getFileName().toString());
    }

    /** Marks a file as referenced by metadata; returns whether it exists. */
    boolean claim(Path file) {
        Path parent = file.getParent();
        return parent != null && claim(parent, file.getFileName().toString());
    }

    /** Marks {@code dir/name} as referenced by metadata; returns whether it exists (no Path built). */
    boolean claim(Path dir, String name) {
        Listing l = listing(dir);
        Boolean before = l.entries.replace(name, Boolean.TRUE);
        if (before == null) {
            return false;
        }
        if (!before) {
            l.claimed++;
        }
        return true;
    }

    /** Audio files in every folder listed so far that no metadata claimed, sorted. */
    List<Path> unclaimedAudio() {
        List<Path> out = new ArrayList<>();
        for (Map.Entry<Path, Listing> e : listings.entrySet()) {
            Listing l = e.getValue();
            if (l.claimed == l.entries.size()) {
                continue;
            }
            for (Map.Entry<String, Boolean> entry : l.entries.entrySet()) {
                if (!entry.getValue() && isAudio(entry.getKey())) {
                    out.add(e.getKey().resolve(entry.getKey()));
                }
            }
        }
        out.sort(null);
        return out;
    }

    static boolean isAudio(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && AUDIO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private Listing listing(Path dir) {
        Listing l = listings.get(dir);
        if (l == null) {
            l = new Listing(read(dir));
            listings.put(dir, l);
        }
        return l;
    }

    private static Map<String, Boolean> read(Path dir) {
        Map<String, Boolean> names = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.put(p.getFileName().toString(), Boolean.FALSE);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return new HashMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return names;
    }
}
