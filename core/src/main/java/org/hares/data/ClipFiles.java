package org.hares.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The cheap pre-flight over a task's audio files (what {@code hares check} reports and
 * {@code hares eval} runs before embedding): files that are absent, empty or unreadable, found by
 * their size and permissions without decoding them.
 */
public final class ClipFiles {

    private ClipFiles() {}

    /**
     * Distinct files of {@code clips} that cannot be embedded, in clip order, each with why.
     *
     * @param checked called with the number of files checked so far, after each one (for progress)
     */
    public static Map<Path, String> unreadable(Collection<Clip> clips, LongConsumer checked) {
        Set<Path> files = new LinkedHashSet<>();
        clips.forEach(c -> files.add(c.file()));
        Map<Path, String> bad = new LinkedHashMap<>();
        long done = 0;
        for (Path f : files) {
            try {
                if (!Files.exists(f)) {
                    bad.put(f, "file not found");
                } else if (!Files.isReadable(f)) {
                    bad.put(f, "not readable (permissions)");
                } else if (Files.size(f) == 0) {
                    bad.put(f, "empty file (0 bytes)");
                }
            } catch (IOException e) {
                bad.put(f, "cannot read its size: " + e.getMessage());
            }
            checked.accept(++done);
        }
        return bad;
    }
}
