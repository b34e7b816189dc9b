package org.hares.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which dataset copy a task is read from: the task (and variant), the dataset root, an optional
 * user split file (Birdsong, TUT18), the seed of the fallback random split, whether listed but
 * absent audio files are skipped (counted and reported) instead of failing, and the train share of
 * the fallback random split.
 */
public record DatasetSelection(
        TaskRef ref, Path root, Optional<Path> splitFile, long seed, boolean skipBadFiles, double trainFraction) {

    /** Train share of the seeded fallback split (Birdsong, TUT18) unless the user sets one. */
    public static final double DEFAULT_TRAIN_FRACTION = 0.8;

    public DatasetSelection {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(splitFile, "splitFile");
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("train fraction must be in (0, 1), got " + trainFraction);
        }
    }

    public DatasetSelection(TaskRef ref, Path root, Optional<Path> splitFile, long seed, boolean skipBadFiles) {
        this(ref, root, splitFile, seed, skipBadFiles, DEFAULT_TRAIN_FRACTION);
    }

    /** A selection with no split file, seed 0, no skipping. */
    public static DatasetSelection of(TaskRef ref, Path root) {
        return new DatasetSelection(ref, root, Optional.empty(), 0, false);
    }

    /** Parses the {@code --task} syntax {@code ID[:VARIANT]=DIR}. */
    public static DatasetSelection parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("malformed task selection '" + text + "' (expected ID[:VARIANT]=DIR)");
        }
        return of(TaskRef.parse(text.substring(0, eq)), Path.of(text.substring(eq + 1).trim()));
    }

    public DatasetSelection withSplitFile(Path file) {
        return new DatasetSelection(ref, root, Optional.of(file), seed, skipBadFiles, trainFraction);
    }

    public DatasetSelection withSeed(long newSeed) {
        return new DatasetSelection(ref, root, splitFile, newSeed, skipBadFiles, trainFraction);
    }

    public DatasetSelection withSkipBadFiles(boolean skip) {
        return new DatasetSelection(ref, root, splitFile, seed, skip, trainFraction);
    }

    public DatasetSelection withTrainFraction(double fraction) {
        return new DatasetSelection(ref, root, splitFile, seed, skipBadFiles, fraction);
    }
}
