package org.hares.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.hares.audio.AudioDecodeException;
import org.hares.data.Clip;
import org.hares.embed.AudioWindower;
import org.hares.frontend.LogMel;
import org.hares.frontend.Windows;

/**
 * Builds the batch of a step on worker threads: the clips at the step's positions of a seeded
 * per-epoch shuffle, decoded, cut into random crops (zero-padded when shorter, as evaluation pads),
 * mixed with another clip of the batch at a Beta-distributed share of the original, then turned
 * into standardised log-mels. Every random choice is a function of (seed, step or position), so
 * a resumed run sees exactly the batches the uninterrupted run would have.
 */
public final class BatchLoader {

    private static final int SAMPLE_RATE = 16000;
    private static final long ORDER = 0x4F52444552L;
    private static final long CROP = 0x43524F50L;
    private static final long MIX = 0x4D4958L;

    private final TrainingData data;
    private final PretrainConfig config;
    private final LogMel logMel;
    private final ExecutorService workers;
    private final ClassifierHeads.Targets targets;
    private final int cropSamples;
    private final int frames;
    private final ContinuousDistribution mixShare;
    private final ConcurrentHashMap<String, String> badFiles = new ConcurrentHashMap<>();
    private final LongAdder decodeNanos = new LongAdder();
    private final LongAdder featureNanos = new LongAdder();
    private final java.util.Map<Long, int[]> orders = new java.util.HashMap<>();

    public BatchLoader(TrainingData data, PretrainConfig config, LogMel logMel, ExecutorService workers) {
        this.data = data;
        this.config = config;
        this.logMel = logMel;
        this.workers = workers;
        this.targets = data.labels().map(ClassifierHeads.Targets::new).orElse(null);
        this.cropSamples = config.cropSamples();
        this.frames = logMel.frames(cropSamples);
        this.mixShare = config.mixing() ? BetaDistribution.of(config.mixAlpha(), config.mixBeta()) : null;
    }

    public int frames() {
        return frames;
    }

    public int mels() {
        return logMel.config().melBins();
    }

    /** Seconds the workers spent decoding and computing features so far. */
    public double decodeSeconds() {
        return decodeNanos.sum() / 1e9;
    }

    public double featureSeconds() {
        return featureNanos.sum() / 1e9;
    }

    /** Files that failed to decode so far, with the problem (only with skip-bad-audio). */
    public List<String> badFiles() {
        return badFiles.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).sorted().toList();
    }

    /** Starts building the batch of {@code step} on the workers. */
    public CompletableFuture<Batch> load(int step) {
        int clips = config.batchSize();
        int views = config.objective().views();
        List<CompletableFuture<Cropped>> crops = new ArrayList<>(clips);
        for (int i = 0; i < clips; i++) {
            long position = (long) step * clips + i;
            crops.add(CompletableFuture.supplyAsync(() -> crop(position, views), workers));
        }
        return CompletableFuture.allOf(crops.toArray(CompletableFuture[]::new))
                .thenComposeAsync(v -> assemble(step, crops.stream().map(CompletableFuture::join).toList(), views), workers);
    }

    private record Cropped(Clip clip, float[][] views, List<String> bad) {}

    private Cropped crop(long position, int views) {
        SplittableRandom rng = random(CROP, position);
        List<String> bad = new ArrayList<>();
        int n = data.clips().size();
        for (int k = 0; k < n; k++) {
            Clip clip = clipAt(position + k);
            if (badFiles.containsKey(clip.file().toString())) {
                continue;
            }
            long t0 = System.nanoTime();
            float[] samples;
            try {
                samples = AudioWindower.decode(clip, SAMPLE_RATE).samples();
            } catch (AudioDecodeException e) {
                if (!config.skipBadAudio()) {
                    throw e;
                }
                badFiles.putIfAbsent(clip.file().toString(), e.getMessage());
                bad.add(clip.file().toString());
                continue;
            } finally {
                decodeNanos.add(System.nanoTime() - t0);
            }
            float[][] out = new float[views][];
            for (int v = 0; v < views; v++) {
                out[v] = Windows.crop(samples, Windows.randomStart(samples.length, cropSamples, rng), cropSamples);
            }
            return new Cropped(clip, out, bad);
        }
        throw new AudioDecodeException(data.clips().get(0).file(), "none of the " + n + " training clips could be decoded");
    }

    private Clip clipAt(long position) {
        int n = data.clips().size();
        return data.clips().get(order(position / n)[(int) (position % n)]);
    }

    /** The shuffle of an epoch; the two newest are kept (a batch may straddle two epochs). */
    private synchronized int[] order(long epoch) {
        int[] order = orders.get(epoch);
        if (order == null) {
            orders.keySet().removeIf(k -> k < epoch - 1);
            order = shuffled(data.clips().size(), random(ORDER, epoch));
            orders.put(epoch, order);
        }
        return order;
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private CompletableFuture<Batch> assemble(int step, List<Cropped> crops, int views) {
        int clips = crops.size();
        List<float[]> heads = targets == null ? List.of() : targets.of(crops.stream().map(c -> c.clip().labels()).toList());
        float[][] inputs = new float[views * clips][];
        SplittableRandom rng = random(MIX, step);
        UniformRandomProvider provider = rng::nextLong;
        ContinuousDistribution.Sampler share = mixShare == null ? null : mixShare.createSampler(provider);
        List<float[]> mixedTargets = heads.stream().map(float[]::clone).toList();
        for (int v = 0; v < views; v++) {
            for (int i = 0; i < clips; i++) {
                float[] own = crops.get(i).views()[v];
                if (share == null || clips < 2) {
                    inputs[v * clips + i] = own;
                    continue;
                }
                double lambda = share.sample();
                int partner = (i + 1 + rng.nextInt(clips - 1)) % clips;
                float[] other = crops.get(partner).views()[v];
                float[] mixed = new float[own.length];
                for (int s = 0; s < own.length; s++) {
                    mixed[s] = (float) (lambda * own[s] + (1 - lambda) * other[s]);
                }
                inputs[v * clips + i] = mixed;
                for (int h = 0; h < heads.size(); h++) {
                    mixRow(heads.get(h), mixedTargets.get(h), i, partner, lambda, clips);
                }
            }
        }
        int size = frames * mels();
        float[] features = new float[inputs.length * size];
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (int e = 0; e < inputs.length; e++) {
            int index = e;
            parts.add(CompletableFuture.runAsync(() -> {
                long t0 = System.nanoTime();
                System.arraycopy(logMel.standardised(inputs[index]), 0, features, index * size, size);
                featureNanos.add(System.nanoTime() - t0);
            }, workers));
        }
        List<String> bad = crops.stream().flatMap(c -> c.bad().stream()).toList();
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> new Batch(step, clips, views, frames, mels(), features, mixedTargets, bad));
    }

    private static void mixRow(float[] original, float[] out, int i, int partner, double lambda, int clips) {
        int classes = original.length / clips;
        for (int c = 0; c < classes; c++) {
            out[i * classes + c] = (float) (lambda * original[i * classes + c] + (1 - lambda) * original[partner * classes + c]);
        }
    }

    private SplittableRandom random(long stream, long index) {
        return new SplittableRandom(new SplittableRandom(config.seed() ^ stream).split().nextLong() + index * 0x9E3779B97F4A7C15L);
    }
}
