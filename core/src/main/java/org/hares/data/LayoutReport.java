package org.hares.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    /** The error evaluation raises for listed-but-absent files: the first one, where it is listed, how many in {@code root}. */
    public DatasetLayoutException missingFilesError(Path root) {
        MissingFile first = missing.get(0);
        return new DatasetLayoutException(first.file(), "listed in " + first.listedIn() + " but absent (" + missing.size()
                + " listed audio file(s) absent in " + root + "; run 'hares check' to list them, or skip them with --skip-bad-files)");
    }
}
