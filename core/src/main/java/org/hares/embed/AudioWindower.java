package org.hares.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hares.audio.AudioClip;
import org.hares.audio.AudioReader;
import org.hares.data.Clip;
import org.hares.data.TaskSpec;
import org.hares.data.Windowing;
import org.hares.embed.StageTimes.Stage;

/**
 * The crop rules of a task (paper App. A): evaluation windows per the task's
 * {@link Windowing} (consecutive non-overlapping, the last zero-padded; AudioSet: 10 equally
 * spaced), and for training a pool of random crops of the task's crop length per clip, seeded per
 * clip. A clip no longer than a crop gives one (zero-padded) crop.
 */
public final class AudioWindower implements ClipWindower {

    /** Which windows to cut. */
    public enum Role {
        /** The task's evaluation windows. */
        EVAL,
        /** A pool of random training crops. */
        TRAIN_CROPS
    }

    private final Role role;
    private final Windowing evalWindowing;
    private final int windowLength;
    private final int sampleRate;
    private final int trainCrops;
    private final long seed;

    /**
     * @param trainCrops random crops per training clip (the pool the head draws from)
     * @param seed       seed of the crop positions (mixed with each clip's id)
     */
    public AudioWindower(TaskSpec spec, Role role, int sampleRate, int trainCrops, long seed) {
        if (trainCrops < 1) {
            throw new IllegalArgumentException("need at least one training crop per clip, got " + trainCrops);
        }
        this.role = role;
        this.evalWindowing = spec.evalWindowing();
        this.sampleRate = sampleRate;
        double seconds = role == Role.EVAL ? evalWindowing.windowSeconds() : spec.trainCropSeconds();
        this.windowLength = (int) Math.round(seconds * sampleRate);
        this.trainCrops = trainCrops;
        this.seed = seed;
    }

    /** The clip's audio (its segment where it is part of a file), mono at {@code sampleRate}. */
    public static AudioClip decode(Clip clip, int sampleRate) {
        return clip.segment().isWholeFile() ? AudioReader.read(clip.file(), sampleRate)
                : AudioReader.read(clip.file(), sampleRate, clip.segment().offsetSeconds(), clip.segment().durationSeconds());
    }

    public int windowLength() {
        return windowLength;
    }

    public Role role() {
        return role;
    }

    /** The window plan, as the cache keys it: the task's evaluation windowing, or the crop pool and its seed. */
    public String plan() {
        return role == Role.EVAL ? evalWindowing.toString() : "random crops x" + trainCrops + " seed " + seed;
    }

    @Override
    public Windows windows(Clip clip, StageTimes times) {
        long t0 = System.nanoTime();
        AudioClip audio = decode(clip, sampleRate);
        long t1 = System.nanoTime();
        times.add(Stage.DECODE, t1 - t0);
        float[] samples = audio.samples();
        int[] starts = switch (role) {
            case EVAL -> evalWindowing instanceof Windowing.EquallySpaced e
                    ? org.hares.frontend.Windows.equallySpacedStarts(samples.length, e.count(), windowLength)
                    : org.hares.frontend.Windows.consecutiveStarts(samples.length, windowLength);
            case TRAIN_CROPS -> trainStarts(clip, samples.length);
        };
        List<float[]> windows = new ArrayList<>(starts.length);
        long[] longStarts = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            windows.add(org.hares.frontend.Windows.crop(samples, starts[i], windowLength));
            longStarts[i] = starts[i];
        }
        times.add(Stage.FEATURES, System.nanoTime() - t1);
        return new Windows(longStarts, windows);
    }

    private int[] trainStarts(Clip clip, int samples) {
        if (samples <= windowLength) {
            return new int[] {0};
        }
        SplittableRandom rng = new SplittableRandom(seed ^ (clip.id().hashCode() * 0x9E3779B97F4A7C15L));
        int[] starts = new int[trainCrops];
        for (int i = 0; i < trainCrops; i++) {
            starts[i] = org.hares.frontend.Windows.randomStart(samples, windowLength, rng);
        }
        return starts;
    }
}
