package org.hares.embed;

import org.hares.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hares.audio.AudioDecodeException;
import org.hares.data.Clip;
import org.hares.embed.StageTimes.Stage;

/**
 * Embeds the windows of a list of clips: worker threads read the cache or decode and prepare the
 * windows, the calling thread runs the model on full batches, finished clips are written to the
 * cache by the workers. Clips that fail to decode are collected (and fail the split unless
 * skipping was asked for).
 */
public final class EmbeddingExtractor {

    /**
     * @param batchSize     windows per forward pass
     * @param threads       worker threads for decoding and features
     * @param skipBadAudio  skip undecodable clips instead of failing
     */
    public record Options(int batchSize, int threads, boolean skipBadAudio) {
        public Options {
            if (batchSize < 1 || threads < 1) {
                throw new IllegalArgumentException("batch size and threads must be positive, got " + batchSize + ", " + threads);
            }
        }
    }

    /**
     * The embeddings of a split.
     *
     * @param clips      the clips that were embedded, in input order
     * @param embeddings per clip, windows × D row-major; a mutable list, so that a caller copying them into one
     *                   matrix can drop each as it goes
     * @param windows    per clip, its number of windows
     * @param starts     per clip, the start sample of each window in the clip
     * @param bad        "file: problem" for every clip that failed to decode
     * @param computed   clips embedded by the model in this call (the rest came from the cache)
     */
    public record Result(List<Clip> clips, List<float[]> embeddings, List<Integer> windows, List<long[]> starts, List<String> bad,
            int computed) {}

    private record Prepared(int index, Clip clip, long[] starts, List<float[]> inputs) {}

    private static final Prepared END = new Prepared(-1, null, new long[0], List.of());

    private final EmbeddingModel model;
    private final Options options;
    private final StageTimes times;
    /** Test hook: fail after this many clips have been written (simulates a killed run); negative: never. */
    private final int failAfterWrites;

    public EmbeddingExtractor(EmbeddingModel model, Options options, StageTimes times) {
        this(model, options, times, -1);
    }

    EmbeddingExtractor(EmbeddingModel model, Options options, StageTimes times, int failAfterWrites) {
        this.model = model;
        this.options = options;
        this.times = times;
        this.failAfterWrites = failAfterWrites;
    }

    /** @param label the task and split, as messages name them ({@code esc50:default test}) */
    public Result extract(String label, List<Clip> clips, ClipWindower windower, EmbeddingCache.Split cache, Progress progress) {
        int n = clips.size();
        int dim = model.embeddingSize();
        float[][] embeddings = new float[n][];
        int[] windowCounts = new int[n];
        long[][] windowStarts = new long[n][];
        List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<Prepared> queue = new ArrayBlockingQueue<>(Math.max(4, options.threads() * 4));
        Semaphore inFlight = new Semaphore(options.threads() * 4 + options.batchSize());
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger computed = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "hares-embed-worker");
            t.setDaemon(true);
            return t;
        });
        // writes get their own threads: the workers may all be blocked handing prepared clips to this thread
        ExecutorService writers = Executors.newFixedThreadPool(Math.max(1, options.threads() / 2), r -> {
            Thread t = new Thread(r, "hares-cache-writer");
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<Void>> pendingWrites = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            CompletableFuture<Void> producers = CompletableFuture.allOf(java.util.stream.IntStream.range(0, n)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> {
                        Clip clip = clips.get(i);
                        long t0 = System.nanoTime();
                        Optional<EmbeddingCache.Split.Entry> hit = cache.read(clip, dim);
                        times.add(Stage.CACHE, System.nanoTime() - t0);
                        if (hit.isPresent()) {
                            embeddings[i] = hit.get().embeddings();
                            windowCounts[i] = hit.get().windows();
                            windowStarts[i] = hit.get().starts();
                            progress.advance(1);
                            return;
                        }
                        acquire(inFlight);
                        ClipWindower.Windows w;
                        try {
                            w = windower.windows(clip, times);
                        } catch (AudioDecodeException e) {
                            inFlight.release();
                            bad.add(e.getMessage());
                            progress.advance(1);
                            return;
                        }
                        long t1 = System.nanoTime();
                        List<float[]> inputs = new ArrayList<>(w.samples().size());
                        for (float[] window : w.samples()) {
                            inputs.add(model.prepare(window));
                        }
                        times.add(Stage.FEATURES, System.nanoTime() - t1);
                        windowStarts[i] = w.starts();
                        put(queue, new Prepared(i, clip, w.starts(), inputs));
                    }, workers)).toArray(CompletableFuture[]::new));
            producers.whenComplete((v, e) -> put(queue, END));

            List<Prepared> batchClips = new ArrayList<>();
            List<float[]> batch = new ArrayList<>();
            boolean ended = false;
            while (!ended) {
                long w0 = System.nanoTime();
                Prepared p = poll(queue, batch.isEmpty() ? 1000 : 20);
                times.add(Stage.MODEL_WAITING, System.nanoTime() - w0);
                if (p == END) {
                    ended = true;
                } else if (p != null) {
                    if (!batch.isEmpty() && batch.get(0).length != p.inputs().get(0).length) {
                        runBatch(label, batch, batchClips, embeddings, windowCounts, cache, writers, pendingWrites, writes,
                                computed, inFlight, progress);
                    }
                    batchClips.add(p);
                    batch.addAll(p.inputs());
                } else if (producers.isCompletedExceptionally()) {
                    break;
                }
                if (batch.size() >= options.batchSize() || (ended || p == null) && !batch.isEmpty()) {
                    runBatch(label, batch, batchClips, embeddings, windowCounts, cache, writers, pendingWrites, writes,
                            computed, inFlight, progress);
                }
            }
            producers.join();
            CompletableFuture.allOf(pendingWrites.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw unwrap(e);
        } finally {
            workers.shutdownNow();
            writers.shutdownNow();
            progress.finish();
        }
        if (!bad.isEmpty() && !options.skipBadAudio()) {
            throw new UndecodableClipsException(label, List.copyOf(bad));
        }
        List<Clip> kept = new ArrayList<>();
        List<float[]> keptEmbeddings = new ArrayList<>();
        List<Integer> keptWindows = new ArrayList<>();
        List<long[]> keptStarts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (embeddings[i] != null) {
                kept.add(clips.get(i));
                keptEmbeddings.add(embeddings[i]);
                keptWindows.add(windowCounts[i]);
                keptStarts.add(windowStarts[i]);
            }
        }
        cache.markReady(kept.size(), bad.size());
        return new Result(kept, keptEmbeddings, keptWindows, keptStarts, List.copyOf(bad), computed.get());
    }

    private void runBatch(String label, List<float[]> batch, List<Prepared> batchClips, float[][] embeddings, int[] windowCounts,
            EmbeddingCache.Split cache, ExecutorService writers, List<CompletableFuture<Void>> pendingWrites,
            AtomicInteger writes, AtomicInteger computed, Semaphore inFlight, Progress progress) {
        int dim = model.embeddingSize();
        List<float[]> out = new ArrayList<>(batch.size());
        for (int start = 0; start < batch.size(); start += options.batchSize()) {
            List<float[]> part = batch.subList(start, Math.min(batch.size(), start + options.batchSize()));
            long t0 = System.nanoTime();
            List<float[]> e = model.embed(part);
            times.add(Stage.MODEL, System.nanoTime() - t0);
            if (e.size() != part.size()) {
                throw new IllegalStateException(model.name() + " returned " + e.size() + " embeddings for " + part.size() + " inputs");
            }
            out.addAll(e);
        }
        int k = 0;
        for (Prepared p : batchClips) {
            int windows = p.inputs().size();
            float[] flat = new float[windows * dim];
            for (int w = 0; w < windows; w++) {
                System.arraycopy(out.get(k++), 0, flat, w * dim, dim);
            }
            int nonFinite = NonFiniteEmbeddingException.count(flat);
            if (nonFinite > 0) {
                throw new NonFiniteEmbeddingException(model.name(), "clip '" + p.clip().id() + "' (" + p.clip().file()
                        + ") of " + label, nonFinite, flat.length);
            }
            embeddings[p.index()] = flat;
            windowCounts[p.index()] = windows;
            computed.incrementAndGet();
            inFlight.release();
            pendingWrites.add(CompletableFuture.runAsync(() -> {
                long t1 = System.nanoTime();
                cache.write(p.clip(), flat, windows, p.starts());
                times.add(Stage.CACHE, System.nanoTime() - t1);
                if (failAfterWrites >= 0 && writes.incrementAndGet() >= failAfterWrites) {
                    throw new IllegalStateException("injected failure after " + failAfterWrites + " cache writes");
                }
            }, writers));
            progress.advance(1);
        }
        if (failAfterWrites >= 0) {
            CompletableFuture.allOf(pendingWrites.toArray(CompletableFuture[]::new)).join();
        }
        batch.clear();
        batchClips.clear();
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    private static void acquire(Semaphore s) {
        try {
            s.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void put(BlockingQueue<Prepared> q, Prepared p) {
        try {
            q.put(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Prepared poll(BlockingQueue<Prepared> q, long millis) {
        try {
            return q.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
