package org.hares.embed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.hares.Progress;
import org.hares.audio.AudioDecodeException;
import org.hares.data.Clip;
import org.hares.embed.StageTimes.Stage;

/**
 * The threads of an extraction run, shared by every split it embeds: worker threads that read the
 * cache or decode and prepare a clip's windows, N model streams (each a thread with a model instance
 * of its own, opened by the first batch and closed once, with the run) and writer threads for the
 * cache. The calling thread gathers a split's windows into full batches, one batch per window length
 * (a clip spreads over two batches where it does not fit in one), and hands each to the next free
 * stream; it then starts the next split, so that its decoding runs while the last batches of the ones
 * before are still on the streams, and waits for them all at the end. A window's embedding does not
 * depend on the batch it rides in nor on the stream that runs it, so a run gives the embeddings of
 * one split at a time on one stream. Clips that fail to decode are collected (and fail their split
 * unless skipping was asked for).
 *
 * <p>Stage times: {@link Stage#MODEL} sums the forward passes; {@link Stage#MODEL_WAITING} is the
 * rest of the streams' time while a split is in flight (N × that wall time − the forward passes),
 * so MODEL / (MODEL + MODEL_WAITING) is the share of stream-time in which the model computed.
 */
public final class ExtractionRun implements AutoCloseable {

    /**
     * One split to embed.
     *
     * @param label        the task and split, as messages name them ({@code esc50:default test})
     * @param progress     the split's progress report, made when it starts
     * @param skipBadAudio skip undecodable clips (listed in the result) instead of failing the split
     */
    public record Job(String label, List<Clip> clips, ClipWindower windower, EmbeddingCache.Split cache,
            Supplier<Progress> progress, boolean skipBadAudio) {}

    /** A clip whose windows are prepared; its embeddings fill {@code flat} as its batches return. */
    private record Prepared(int index, Clip clip, List<float[]> inputs, float[] flat, AtomicInteger windowsLeft) {}

    /** Windows {@code from} to {@code to} (exclusive) of a clip, riding in one batch. */
    private record Segment(Prepared clip, int from, int to) {}

    private static final Prepared END = new Prepared(-1, null, List.of(), new float[0], new AtomicInteger());

    private final EmbeddingModel model;
    private final int batchSize;
    private final int threads;
    private final int streams;
    private final StageTimes times;
    /** Test hook: fail after this many clips have been written (simulates a killed run); negative: never. */
    private final int failAfterWrites;
    private final ExecutorService workers;
    /** Writes get their own threads: the workers may all be blocked handing prepared clips to the gathering thread. */
    private final ExecutorService writers;
    private final ModelStreams<EmbeddingModel> pool;
    private final LongAdder modelNanos = new LongAdder();
    private int splitsInFlight;
    private long inFlightSince;
    private long modelNanosThen;

    ExtractionRun(EmbeddingModel model, EmbeddingExtractor.Options options, StageTimes times, int failAfterWrites) {
        this.model = model;
        this.batchSize = options.batchSize();
        this.threads = options.threads();
        this.streams = EmbeddingExtractor.streams(model, options.streams());
        this.times = times;
        this.failAfterWrites = failAfterWrites;
        this.workers = Executors.newFixedThreadPool(threads, daemon("hares-embed-worker"));
        this.writers = Executors.newFixedThreadPool(Math.max(1, threads / 2), daemon("hares-cache-writer"));
        int n = streams;
        this.pool = new ModelStreams<>(n, "hares-model-stream", s -> model.stream(s, n), () -> model.stream(0, 1));
    }

    /**
     * Embeds the splits in order, each one's decoding beginning while the last batches of those before run
     * (what waits is bounded by the streams' queue, not by the number of splits). On a failure the splits
     * started after it are stopped and waited for, and the failure of the earliest split is thrown, as if
     * the splits had run one after the other.
     */
    public List<EmbeddingExtractor.Result> extract(List<Job> jobs) {
        List<InFlight> started = new ArrayList<>();
        try {
            for (Job job : jobs) {
                if (started.stream().anyMatch(InFlight::failed)) {
                    break; // joined below, it throws what stopped it
                }
                List<InFlight> before = List.copyOf(started);
                InFlight split = new InFlight(job);
                started.add(split);
                split.gather(() -> before.stream().anyMatch(InFlight::failed));
            }
            List<EmbeddingExtractor.Result> results = new ArrayList<>();
            for (InFlight split : started) {
                results.add(split.join());
            }
            return results;
        } finally {
            started.forEach(InFlight::stop);
        }
    }

    /** Stops the streams (each closing its instance's thread share) and the worker and writer threads. */
    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            workers.shutdownNow();
            writers.shutdownNow();
            awaitTermination(workers);
            awaitTermination(writers);
        }
    }

    private synchronized void splitStarted() {
        if (splitsInFlight++ == 0) {
            inFlightSince = System.nanoTime();
            modelNanosThen = modelNanos.sum();
        }
    }

    private synchronized void splitEnded() {
        if (--splitsInFlight == 0) {
            long streamNanos = streams * (System.nanoTime() - inFlightSince);
            times.add(Stage.MODEL_WAITING, Math.max(0, streamNanos - (modelNanos.sum() - modelNanosThen)));
        }
    }

    private List<float[]> forward(EmbeddingModel instance, List<float[]> inputs) {
        long t0 = System.nanoTime();
        List<float[]> e = instance.embed(inputs);
        long elapsed = System.nanoTime() - t0;
        times.add(Stage.MODEL, elapsed);
        modelNanos.add(elapsed);
        if (e.size() != inputs.size()) {
            throw new IllegalStateException(model.name() + " returned " + e.size() + " embeddings for " + inputs.size() + " inputs");
        }
        return e;
    }

    /** One split from its start until it has returned its result or stopped. */
    private final class InFlight {

        private final Job job;
        private final int dim = model.embeddingSize();
        private final float[][] embeddings;
        private final int[] windowCounts;
        private final long[][] windowStarts;
        private final List<String> bad = Collections.synchronizedList(new ArrayList<>());
        private final BlockingQueue<Prepared> queue = new ArrayBlockingQueue<>(Math.max(4, threads * 4));
        /** Clips held prepared: the workers' queue, the batches being gathered, one running and one waiting per stream. */
        private final Semaphore permits = new Semaphore(threads * 4 + batchSize * (2 * streams + 1));
        private final List<CompletableFuture<Void>> batches = new ArrayList<>();
        private final List<CompletableFuture<Void>> writes = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger written = new AtomicInteger();
        private final AtomicInteger computed = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Progress progress;
        private final CompletableFuture<Void> producers;
        private volatile boolean stopped;
        private boolean drained;
        private boolean ended;

        InFlight(Job job) {
            this.job = job;
            int n = job.clips().size();
            embeddings = new float[n][];
            windowCounts = new int[n];
            windowStarts = new long[n][];
            progress = job.progress().get();
            splitStarted();
            producers = CompletableFuture.allOf(IntStream.range(0, n)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> prepare(i), workers)).toArray(CompletableFuture[]::new));
            // on a worker: were the producers done already, whenComplete would put END from the gathering thread, which
            // would block on a full queue it is the one to drain
            producers.whenCompleteAsync((v, e) -> put(queue, END), workers);
        }

        /** Whether joining it will throw: a batch failed, or it was gathered with undecodable clips it may not skip. */
        boolean failed() {
            return failure.get() != null || drained && !job.skipBadAudio() && !bad.isEmpty();
        }

        /** Reads the cache, or decodes and prepares clip {@code i} (on a worker). */
        private void prepare(int i) {
            if (stopped) {
                return;
            }
            Clip clip = job.clips().get(i);
            long t0 = System.nanoTime();
            Optional<EmbeddingCache.Split.Entry> hit = job.cache().read(clip, dim);
            times.add(Stage.CACHE, System.nanoTime() - t0);
            if (hit.isPresent()) {
                embeddings[i] = hit.get().embeddings();
                windowCounts[i] = hit.get().windows();
                windowStarts[i] = hit.get().starts();
                progress.advance(1);
                return;
            }
            acquire(permits);
            if (stopped) {
                return;
            }
            ClipWindower.Windows w;
            try {
                w = job.windower().windows(clip, times);
            } catch (AudioDecodeException e) {
                permits.release();
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
            put(queue, new Prepared(i, clip, inputs, new float[inputs.size() * dim], new AtomicInteger(inputs.size())));
        }

        /**
         * On the calling thread: gathers the prepared windows into batches for the streams until every clip is
         * prepared; a batch is run short only at the end, or while a stream waits and no clip came for 20 ms.
         * Stops early if a batch of this split failed or a split before it did.
         */
        void gather(BooleanSupplier beforeFailed) {
            Map<Integer, List<Segment>> open = new LinkedHashMap<>();
            try {
                while (true) {
                    if (failure.get() != null || beforeFailed.getAsBoolean()) {
                        stop();
                        return;
                    }
                    Prepared p = poll(queue, open.isEmpty() ? 200 : 20);
                    if (p == END) {
                        drained = true;
                        break;
                    } else if (p != null) {
                        add(open, p);
                    } else if (!open.isEmpty() && pool.idle()) {
                        open.values().forEach(this::submit);
                        open.clear();
                    }
                }
                open.values().forEach(this::submit);
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                stop();
            }
        }

        private void add(Map<Integer, List<Segment>> open, Prepared p) {
            int length = p.inputs().get(0).length;
            int windows = p.inputs().size();
            for (int from = 0; from < windows; ) {
                List<Segment> batch = open.computeIfAbsent(length, k -> new ArrayList<>());
                int take = Math.min(windows - from, batchSize - windows(batch));
                batch.add(new Segment(p, from, from + take));
                from += take;
                if (windows(batch) == batchSize) {
                    open.remove(length);
                    submit(batch);
                }
            }
        }

        private void submit(List<Segment> batch) {
            List<float[]> inputs = new ArrayList<>();
            for (Segment s : batch) {
                inputs.addAll(s.clip().inputs().subList(s.from(), s.to()));
            }
            batches.add(pool.<Void>submit(instance -> {
                run(instance, batch, inputs);
                return null;
            }));
        }

        /** On a stream: the batch's forward pass; hands on every clip whose last windows it held. */
        private void run(EmbeddingModel instance, List<Segment> batch, List<float[]> inputs) {
            if (stopped || failure.get() != null) {
                throw new CancellationException("extraction of " + job.label() + " stopped");
            }
            try {
                List<float[]> out = forward(instance, inputs);
                int k = 0;
                for (Segment s : batch) {
                    Prepared p = s.clip();
                    for (int w = s.from(); w < s.to(); w++) {
                        System.arraycopy(out.get(k++), 0, p.flat(), w * dim, dim);
                    }
                    if (p.windowsLeft().addAndGet(s.from() - s.to()) == 0) {
                        finish(p);
                    }
                }
                if (failAfterWrites >= 0) {
                    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                throw e;
            }
        }

        /** Checks and stores a clip's embeddings, and queues its cache write. */
        private void finish(Prepared p) {
            int nonFinite = NonFiniteEmbeddingException.count(p.flat());
            if (nonFinite > 0) {
                throw new NonFiniteEmbeddingException(model.name(), "clip '" + p.clip().id() + "' (" + p.clip().file()
                        + ") of " + job.label(), nonFinite, p.flat().length);
            }
            int windows = p.inputs().size();
            embeddings[p.index()] = p.flat();
            windowCounts[p.index()] = windows;
            computed.incrementAndGet();
            permits.release();
            long[] starts = windowStarts[p.index()];
            writes.add(CompletableFuture.runAsync(() -> {
                long t0 = System.nanoTime();
                job.cache().write(p.clip(), p.flat(), windows, starts);
                times.add(Stage.CACHE, System.nanoTime() - t0);
                if (failAfterWrites >= 0 && written.incrementAndGet() >= failAfterWrites) {
                    throw new IllegalStateException("injected failure after " + failAfterWrites + " cache writes");
                }
            }, writers));
            progress.advance(1);
        }

        /** Waits for the split's batches and writes: its result, or its failure (undecodable clips included). */
        EmbeddingExtractor.Result join() {
            if (stopped) {
                throw unwrap(failure.get() != null ? failure.get() : new CancellationException("extraction of " + job.label()
                        + " stopped"));
            }
            try {
                CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).join();
                producers.join();
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException | CancellationException e) {
                stop();
                throw unwrap(failure.get() != null ? failure.get() : e);
            }
            try {
                if (!bad.isEmpty() && !job.skipBadAudio()) {
                    throw new UndecodableClipsException(job.label(), List.copyOf(bad));
                }
                List<Clip> kept = new ArrayList<>();
                List<float[]> keptEmbeddings = new ArrayList<>();
                List<Integer> keptWindows = new ArrayList<>();
                List<long[]> keptStarts = new ArrayList<>();
                for (int i = 0; i < embeddings.length; i++) {
                    if (embeddings[i] != null) {
                        kept.add(job.clips().get(i));
                        keptEmbeddings.add(embeddings[i]);
                        keptWindows.add(windowCounts[i]);
                        keptStarts.add(windowStarts[i]);
                        embeddings[i] = null; // the result holds it now: the caller may let it go
                    }
                }
                job.cache().markReady(kept.size(), bad.size());
                return new EmbeddingExtractor.Result(kept, keptEmbeddings, keptWindows, keptStarts, List.copyOf(bad), computed.get());
            } finally {
                end();
            }
        }

        /**
         * Stops the split and waits until nothing of it runs: no clip is decoded any more, batches not yet
         * started are dropped, those running finish, the writes queued finish.
         */
        void stop() {
            if (ended) {
                return;
            }
            stopped = true;
            permits.release(job.clips().size()); // no worker waits for a permit any more
            boolean interrupted = Thread.interrupted();
            while (!drained) {
                try {
                    drained = queue.take() == END;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            quietly(CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)));
            quietly(producers);
            quietly(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
            end();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void end() {
            if (!ended) {
                ended = true;
                progress.finish();
                splitEnded();
            }
        }
    }

    private static int windows(List<Segment> batch) {
        int n = 0;
        for (Segment s : batch) {
            n += s.to() - s.from();
        }
        return n;
    }

    private static void quietly(CompletableFuture<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The cause a future failed with; an {@link Error} (out of memory) is thrown as it is. */
    private static RuntimeException unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof Error error) {
            throw error;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
