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

    /**
     * A HEAR task folder (the one holding {@code task_metadata.json}). Until the folder is read, its reference
     * is {@code hear:<folder name>}; the loaded task's spec carries {@code hear:<task_name>}.
     */
    public static DatasetSelection hear(Path taskFolder) {
        Path name = taskFolder.toAbsolutePath().normalize().getFileName();
        String folder = name == null ? "task" : name.toString().replaceAll("[^A-Za-z0-9_.-]", "_");
        return of(new TaskRef(TaskRef.HEAR_PREFIX + folder, TaskRef.DEFAULT_VARIANT), taskFolder);
    }

    /** Whether this selects a HEAR task folder rather than a HARES dataset. */
    public boolean isHear() {
        return ref.isHear();
    }

    /** Parses the {@code --task} syntax {@code ID[:VARIANT]=DIR}, or {@code hear:DIR} for a HEAR task folder. */
    public static DatasetSelection parse(String text) {
        if (text.startsWith(TaskRef.HEAR_PREFIX)) {
            String dir = text.substring(TaskRef.HEAR_PREFIX.length()).trim();
            if (dir.isEmpty()) {
                throw new IllegalArgumentException("malformed task selection '" + text + "' (expected hear:DIR, the folder "
                        + "holding task_metadata.json)");
            }
            return hear(Path.of(dir));
        }
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
