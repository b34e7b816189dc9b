package org.hares.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.hares.testing.WavFiles;

/** Small audio folders and configurations for the pretraining tests. */
final class TrainFixtures {

    private TrainFixtures() {}

    /**
     * {@code n} clips of distinct harmonic tones in noise, alternately 2 s (shorter than a crop, so
     * padded) and 4.5 s long.
     */
    static Path audioFolder(Path dir, int n) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Random rng = new Random(5);
        for (int i = 0; i < n; i++) {
            double seconds = i % 2 == 0 ? 2.0 : 4.5;
            float[] x = new float[(int) (seconds * 16000)];
            double f0 = 110 * Math.pow(2, i / 2.5);
            for (int s = 0; s < x.length; s++) {
                double t = s / 16000.0;
                double am = 0.6 + 0.4 * Math.sin(2 * Math.PI * (0.5 + i) * t);
                x[s] = (float) (0.3 * am * (Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(4 * Math.PI * f0 * t))
                        + 0.02 * rng.nextGaussian());
            }
            WavFiles.pcm16(dir.resolve(String.format("clip%02d.wav", i)), 16000, x);
        }
        return dir;
    }

    /** A small run on {@code slowfast-test}: projector 2×64 → 32, 4 clips a step. */
    static PretrainConfig config(Objective objective, List<String> tasks, Path audio, int steps) {
        return new PretrainConfig(objective, "slowfast-test", null, tasks, audio == null ? null : audio.toString(), steps, 4, 8,
                1e-3, Math.min(2, steps), 1000, 0, 3.0, 0.1, 5, 2, 64, 2, 32, 0.1, 0, false, 2, "cpu");
    }

    static PretrainConfig with(PretrainConfig c, int batchSize, int microBatch, int checkpointEvery, double lr,
            double stochasticDepth) {
        return new PretrainConfig(c.objective(), c.model(), c.checkpoint(), c.tasks(), c.audio(), c.steps(), batchSize,
                microBatch, lr, c.warmupSteps(), checkpointEvery, c.seed(), c.cropSeconds(), stochasticDepth, c.mixAlpha(),
                c.mixBeta(), c.projectorWidth(), c.projectorDepth(), c.projectionDim(), c.temperature(), c.agcClip(),
                c.skipBadAudio(), c.threads(), c.device());
    }
}
