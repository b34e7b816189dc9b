package org.hares.embed;

import org.hares.embed.ClipWindower;
import org.hares.embed.EmbeddingModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hares.audio.AudioDecodeException;
import org.hares.data.Clip;

/** Test doubles with known outputs: a model whose embedding is (mean, max, min) of the window. */
public final class FakeModels {

    private static Path root;

    private FakeModels() {}

    /** A dataset folder for {@link #clips(int, String...)}, one per test JVM. */
    public static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("hares-fake-dataset");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    public static class Stats implements EmbeddingModel {
        final AtomicInteger embeddedWindows = new AtomicInteger();

        @Override
        public String name() {
            return "fake-stats";
        }

        @Override
        public int sampleRate() {
            return 16000;
        }

        @Override
        public int embeddingSize() {
            return 3;
        }

        @Override
        public String fingerprint() {
            return "fake-stats-v1";
        }

        @Override
        public Map<String, String> provenance() {
            return Map.of("model", name());
        }

        @Override
        public float[] prepare(float[] windowSamples) {
            return windowSamples.clone();
        }

        @Override
        public List<float[]> embed(List<float[]> prepared) {
            List<float[]> out = new ArrayList<>();
            for (float[] w : prepared) {
                double sum = 0;
                float max = Float.NEGATIVE_INFINITY;
                float min = Float.POSITIVE_INFINITY;
                for (float v : w) {
                    sum += v;
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
                out.add(new float[] {(float) (sum / w.length), max, min});
            }
            embeddedWindows.addAndGet(prepared.size());
            return out;
        }

        @Override
        public void close() {}
    }

    /**
     * {@link Stats} that runs any number of extraction streams, each on an instance of its own that
     * counts its windows and batches and remembers the threads that entered it; a forward pass takes a
     * few ms, so that every stream gets work. The first instance counts how often a stream was entered.
     */
    public static class StreamingStats extends Stats {
        final java.util.Map<Integer, StreamingStats> streams = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Set<Thread> entered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicInteger streamCalls = new AtomicInteger();
        final java.util.Queue<Integer> batchSizes = new java.util.concurrent.ConcurrentLinkedQueue<>();
        volatile boolean closed;

        @Override
        public int maxStreams() {
            return Integer.MAX_VALUE;
        }

        @Override
        public EmbeddingModel stream(int s, int n) {
            super.stream(s, n);
            streamCalls.incrementAndGet();
            StreamingStats m = s == 0 ? this : streams.computeIfAbsent(s, k -> new StreamingStats());
            m.entered.add(Thread.currentThread());
            return m;
        }

        @Override
        public List<float[]> embed(List<float[]> prepared) {
            batchSizes.add(prepared.size());
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.embed(prepared);
        }

        /** The batch sizes of every instance. */
        List<Integer> allBatchSizes() {
            List<Integer> all = new ArrayList<>(batchSizes);
            streams.values().forEach(m -> all.addAll(m.batchSizes));
            return all;
        }

        @Override
        public void close() {
            streams.values().forEach(StreamingStats::close);
            closed = true;
        }
    }

    /** Windows of a synthetic signal: clip k gives two windows of 100 samples filled with k and −k; ids with "bad" fail. */
    public static ClipWindower windower() {
        return (clip, times) -> {
            if (clip.id().contains("bad")) {
                throw new AudioDecodeException(clip.file(), "invalid data found when processing input");
            }
            float k = Float.parseFloat(clip.id().replaceAll("[^0-9]", ""));
            float[] a = new float[100];
            float[] b = new float[100];
            java.util.Arrays.fill(a, k);
            java.util.Arrays.fill(b, -k);
            b[0] = 0;
            return new ClipWindower.Windows(new long[] {0, 100}, List.of(a, b));
        };
    }

    /**
     * Clips {@code clip0…clip(n-1)} whose files exist under {@link #root()} (the cache keys entries by the
     * files' bytes), then clips with the given ids whose files under {@code /data} do not exist.
     */
    public static List<Clip> clips(int n, String... extraIds) {
        return clips(root(), n, extraIds);
    }

    /** As {@link #clips(int, String...)}, with the existing files written under {@code dir}. */
    public static List<Clip> clips(Path dir, int n, String... extraIds) {
        List<Clip> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path file = dir.resolve("audio").resolve("clip" + i + ".wav");
            try {
                Files.createDirectories(file.getParent());
                if (!Files.exists(file)) {
                    Files.writeString(file, "fake audio of clip " + i);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(new Clip("clip" + i, file, org.hares.data.Split.TEST, new org.hares.data.Labels.Single(i % 2)));
        }
        for (String id : extraIds) {
            out.add(new Clip(id, Path.of("/data/" + id + ".wav"), org.hares.data.Split.TEST, new org.hares.data.Labels.Single(0)));
        }
        return out;
    }
}
