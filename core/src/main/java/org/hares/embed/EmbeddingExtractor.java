package org.hares.embed;

import org.hares.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hares.audio.AudioDecodeException;
import org.hares.data.Clip;
import org.hares.embed.StageTimes.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds the windows of a list of clips: worker threads read the cache or decode and prepare the
 * windows, the calling thread gathers them into full batches and runs the model on them, or hands
 * them to N extraction streams (each a thread with a model instance of its own and threads / N of
 * the engine's intra-op threads); finished clips are written to the cache by writer threads. A
 * window's embedding does not depend on the batch it rides in nor on the stream that runs it. Clips
 * that fail to decode are collected (and fail the split unless skipping was asked for).
 */
public final class EmbeddingExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingExtractor.class);
    /** Models whose streams were clamped, so that the message comes once per model and run. */
    private static final Set<String> CLAMPED = ConcurrentHashMap.newKeySet();

    /**
     * @param batchSize     windows per forward pass
     * @param threads       worker threads for decoding and features
     * @param skipBadAudio  skip undecodable clips instead of failing
     * @param streams       extraction streams (model instances running at once); clamped to what the model runs
     */
    public record Options(int batchSize, int threads, boolean skipBadAudio, int streams) {
        public Options {
            if (batchSize < 1 || threads < 1 || streams < 1) {
                throw new IllegalArgumentException("batch size, threads and streams must be positive, got " + batchSize + ", "
                        + threads + ", " + streams);
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

    /** What the batches of one {@link #extract} call write into. */
    private record Sink(String label, float[][] embeddings, int[] windowCounts, EmbeddingCache.Split cache,
            ExecutorService writers, List<CompletableFuture<Void>> pendingWrites, AtomicInteger writes, AtomicInteger computed,
            Semaphore inFlight, Progress progress) {}

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

    /** The streams {@code model} runs for {@code requested}: fewer where it cannot run that many (said once per model). */
    public static int streams(EmbeddingModel model, int requested) {
        int n = Math.min(requested, model.maxStreams());
        if (n < requested && CLAMPED.add(model.name())) {
            LOG.info("{} runs {} extraction stream(s): --streams {} clamped to {}", model.name(), model.maxStreams(), requested, n);
        }
        return n;
    }

    /** @param label the task and split, as messages name them ({@code esc50:default test}) */
    public Result extract(String label, List<Clip> clips, ClipWindower windower, EmbeddingCache.Split cache, Progress progress) {
        int n = clips.size();
        int dim = model.embeddingSize();
        int streams = streams(model, options.streams());
        float[][] embeddings = new float[n][];
        int[] windowCounts = new int[n];
        long[][] windowStarts = new long[n][];
        List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<Prepared> queue = new ArrayBlockingQueue<>(Math.max(4, options.threads() * 4));
        // clips held prepared: the workers' queue, the batch being gathered, and with streams one running and one waiting per stream
        Semaphore inFlight = new Semaphore(options.threads() * 4 + options.batchSize() * (streams == 1 ? 1 : 2 * streams + 1));
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
        Sink sink = new Sink(label, embeddings, windowCounts, cache, writers,
                java.util.Collections.synchronizedList(new ArrayList<>()), new AtomicInteger(), new AtomicInteger(), inFlight, progress);
        ModelStreams<EmbeddingModel> pool = streams == 1 ? null
                : new ModelStreams<>(streams, "hares-model-stream", s -> model.stream(s, streams), () -> model.stream(0, 1), times);
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
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
                if (pool == null) {
                    times.add(Stage.MODEL_WAITING, System.nanoTime() - w0);
                }
                if (failure.get() != null) {
                    throw unwrap(failure.get());
                }
                if (p == END) {
                    ended = true;
                } else if (p != null) {
                    if (!batch.isEmpty() && batch.get(0).length != p.inputs().get(0).length) {
                        runBatch(pool, batch, batchClips, sink, batches, failure);
                    }
                    batchClips.add(p);
                    batch.addAll(p.inputs());
                } else if (producers.isCompletedExceptionally()) {
                    break;
                }
                if (batch.size() >= options.batchSize() || (ended || p == null) && !batch.isEmpty()) {
                    runBatch(pool, batch, batchClips, sink, batches, failure);
                }
            }
            CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).join();
            producers.join();
            CompletableFuture.allOf(sink.pendingWrites().toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw unwrap(e);
        } finally {
            workers.shutdownNow();
            if (pool != null) {
                pool.close();
            }
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
        return new Result(kept, keptEmbeddings, keptWindows, keptStarts, List.copyOf(bad), sink.computed().get());
    }

    /**
     * Runs the gathered batch (in parts of at most the batch size) and hands its clips on: here on the
     * calling thread, or with streams on the streams, each part to the next free one.
     */
    private void runBatch(ModelStreams<EmbeddingModel> pool, List<float[]> batch, List<Prepared> batchClips, Sink sink,
            List<CompletableFuture<Void>> batches, AtomicReference<Throwable> failure) {
        List<List<float[]>> parts = new ArrayList<>();
        for (int start = 0; start < batch.size(); start += options.batchSize()) {
            parts.add(List.copyOf(batch.subList(start, Math.min(batch.size(), start + options.batchSize()))));
        }
        List<Prepared> done = List.copyOf(batchClips);
        batch.clear();
        batchClips.clear();
        if (pool == null) {
            List<float[]> out = new ArrayList<>();
            for (List<float[]> part : parts) {
                out.addAll(forward(model, part));
            }
            finish(done, out, sink);
            return;
        }
        List<CompletableFuture<List<float[]>>> outs = parts.stream().map(part -> pool.submit(m -> forward(m, part))).toList();
        CompletableFuture<Void> all = CompletableFuture.allOf(outs.toArray(CompletableFuture[]::new)).thenRun(() -> {
            List<float[]> out = new ArrayList<>();
            outs.forEach(o -> out.addAll(o.join()));
            finish(done, out, sink);
        });
        all.whenComplete((v, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        batches.add(all);
    }

    private List<float[]> forward(EmbeddingModel instance, List<float[]> part) {
        long t0 = System.nanoTime();
        List<float[]> e = instance.embed(part);
        times.add(Stage.MODEL, System.nanoTime() - t0);
        if (e.size() != part.size()) {
            throw new IllegalStateException(model.name() + " returned " + e.size() + " embeddings for " + part.size() + " inputs");
        }
        return e;
    }

    /** Checks and stores the embeddings of a batch's clips, and queues their cache writes. */
    private void finish(List<Prepared> batchClips, List<float[]> out, Sink sink) {
        int dim = model.embeddingSize();
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
                        + ") of " + sink.label(), nonFinite, flat.length);
            }
            sink.embeddings()[p.index()] = flat;
            sink.windowCounts()[p.index()] = windows;
            sink.computed().incrementAndGet();
            sink.inFlight().release();
            sink.pendingWrites().add(CompletableFuture.runAsync(() -> {
                long t1 = System.nanoTime();
                sink.cache().write(p.clip(), flat, windows, p.starts());
                times.add(Stage.CACHE, System.nanoTime() - t1);
                if (failAfterWrites >= 0 && sink.writes().incrementAndGet() >= failAfterWrites) {
                    throw new IllegalStateException("injected failure after " + failAfterWrites + " cache writes");
                }
            }, sink.writers()));
            sink.progress().advance(1);
        }
        if (failAfterWrites >= 0) {
            CompletableFuture.allOf(sink.pendingWrites().toArray(CompletableFuture[]::new)).join();
        }
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
