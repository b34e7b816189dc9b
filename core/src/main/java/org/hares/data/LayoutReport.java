package org.hares.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a loader found beside the clips: files listed in metadata but absent ({@code missing}; skipped
 * only when asked), audio files present but referenced by no metadata ({@code unexpected}), and
 * counted notes such as AudioSet attrition or clips outside a variant's construction.
 */
public record LayoutReport(List<MissingFile> missing, List<Path> unexpected, boolean skipped,
                           Map<String, Long> notes, List<String> warnings) {

    /** A file named by a metadata file ({@code listedIn}) that is not on disk. */
    public record MissingFile(Path file, Path listedIn) {
    }

    public LayoutReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        notes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notes));
        warnings = List.copyOf(warnings);
    }

    /** Listed-but-absent files make a layout error unless the user asked to skip them. */
    public boolean hasErrors() {
        return !missing.isEmpty() && !skipped;
    }

    /**
     * What evaluation makes of this report for the task {@code ref} read from {@code root}: listed-but-absent audio
     * is a {@link DatasetLayoutException} naming the first file and where it is listed, unless skipping was asked
     * (then logged); notes and warnings are logged.
     */
    public void requireAudio(TaskRef ref, Path root) {
        if (hasErrors()) {
            MissingFile first = missing.get(0);
            throw new DatasetLayoutException(first.file(), "listed in " + first.listedIn() + " but absent (" + missing.size()
                    + " listed audio file(s) absent in " + root + "; run 'hares check' to list them, or skip them with "
                    + "--skip-bad-files)");
        }
        Logger log = LoggerFactory.getLogger(LayoutReport.class);
        if (!missing.isEmpty()) {
            log.warn("{}: skipped {} listed but absent audio file(s), first {}", ref, missing.size(), missing.get(0).file());
        }
        notes.forEach((k, v) -> log.info("{}: {}: {}", ref, k, v));
        warnings.forEach(w -> log.warn("{}: {}", ref, w));
    }
}
