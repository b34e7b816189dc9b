package org.hares.embed;

import org.hares.HaresException;

/**
 * A model output holding NaN or infinite values: the run stops rather than score or cache it. Exit
 * code 4, as for a refused checkpoint: the fault lies with the weights or the module.
 */
public final class NonFiniteEmbeddingException extends HaresException {

    /**
     * @param model what produced it
     * @param where the clip or input it was computed for, as the user knows it (task, split and clip, or file)
     * @param bad   how many values were NaN or infinite
     * @param total how many values were checked
     */
    public NonFiniteEmbeddingException(String model, String where, long bad, long total) {
        super(model + " returned " + bad + " NaN or infinite value(s) of " + total + " for " + where
                + " (expected finite embeddings; check the checkpoint or module; nothing was written for it)");
    }

    /** How many values of {@code values} are NaN or infinite. */
    public static int count(float[] values) {
        int bad = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                bad++;
            }
        }
        return bad;
    }

    @Override
    public int exitCode() {
        return 4;
    }
}
