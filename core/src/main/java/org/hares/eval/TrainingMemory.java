package org.hares.eval;

import java.util.Locale;
import org.hares.data.TaskRef;

/**
 * How many training crops per clip a task's heads can hold. The training embeddings of a task live
 * as one float matrix on the Java heap and once more in libtorch's memory while a head trains,
 * beside the test split and the heads' own copies; a Java array also holds at most
 * 2³¹ − 1 values. Large tasks (VoxCeleb, NSynth) therefore get fewer crops per clip than the
 * configured pool, and a task that cannot hold even one crop per clip (full AudioSet on a small
 * machine) is refused before any work, instead of failing hours later.
 *
 * @param budgetValues the most float values one task's training matrix may have
 */
record TrainingMemory(long budgetValues) {

    /** Share of the JVM's maximum heap one training matrix may take (its libtorch copy lives outside the heap). */
    static final double HEAP_SHARE = 0.35;

    TrainingMemory {
        if (budgetValues < 1) {
            throw new IllegalArgumentException("the training memory budget must be positive, got " + budgetValues);
        }
    }

    /** The budget of this JVM: {@value #HEAP_SHARE} of its maximum heap, at most one Java array. */
    static TrainingMemory ofThisJvm() {
        long heapValues = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE) / Float.BYTES;
        return new TrainingMemory(Math.min(Integer.MAX_VALUE - 8L, heapValues));
    }

    /**
     * Crops per clip for a task's training split: the configured pool, or as many as fit.
     *
     * @throws InsufficientMemoryException when not even one crop per clip fits
     */
    int cropsPerClip(TaskRef task, int trainClips, int dim, int configured) {
        long perCrop = (long) trainClips * dim;
        long fitting = budgetValues / Math.max(1, perCrop);
        if (fitting < 1) {
            throw new InsufficientMemoryException(String.format(Locale.ROOT,
                    "%s: %,d training clips x %d-dimensional embeddings need at least %.1f GB for the heads (one crop "
                            + "per clip); this JVM allows %.1f GB per task (%.0f %% of its maximum heap). Run on a machine with "
                            + "more memory with a larger -Xmx (HARES_JAVA_OPTS), or evaluate a subset with --limit N",
                    task, trainClips, dim, gigabytes(perCrop), gigabytes(budgetValues), 100 * HEAP_SHARE));
        }
        return (int) Math.min(configured, fitting);
    }

    private static double gigabytes(long values) {
        return values * (double) Float.BYTES / 1e9;
    }
}
