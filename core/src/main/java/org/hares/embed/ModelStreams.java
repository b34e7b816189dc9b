package org.hares.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Extraction streams: {@code n} threads, started by the first job, each running the jobs it takes on
 * an instance of its own that it opens first, on itself, so that a per-thread engine setting
 * (libtorch's intra-op threads) is its own. At most one job waits per stream; {@link #submit} blocks
 * beyond that. Closing lets each thread finish the job it is running, cancels those still waiting,
 * then runs {@code afterClose} on the closing thread (if any stream started). The streams keep no
 * time: whoever submits knows when there was work for them (see {@link ExtractionRun}).
 *
 * @param <M> what a stream runs its jobs on
 */
public final class ModelStreams<M> implements AutoCloseable {

    private interface Job<M> {
        void run(M instance);

        void fail(Throwable cause);
    }

    private final BlockingQueue<Job<M>> jobs;
    private final List<Thread> threads = new ArrayList<>();
    private final Job<M> stop = new Job<>() {
        public void run(M instance) {}

        public void fail(Throwable cause) {}
    };
    private final int n;
    private final String name;
    private final IntFunction<M> open;
    private final Runnable afterClose;
    /** Streams blocked waiting for a job. */
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param open       called on stream s's thread to give its instance, once; if it fails, the stream fails every job it takes
     * @param afterClose run on the closing thread once every stream has stopped
     */
    public ModelStreams(int n, String name, IntFunction<M> open, Runnable afterClose) {
        if (n < 1) {
            throw new IllegalArgumentException("streams must be >= 1, got " + n);
        }
        this.jobs = new ArrayBlockingQueue<>(n);
        this.n = n;
        this.name = name;
        this.open = open;
        this.afterClose = afterClose;
    }

    /** Whether a stream would take a job at once: none started yet, or one waits with no job queued for it. */
    public boolean idle() {
        return threads.isEmpty() || waiting.get() > jobs.size();
    }

    /** Queues {@code work} for the next free stream; its result completes on that stream's thread. Not thread-safe. */
    public <T> CompletableFuture<T> submit(Function<M, T> work) {
        if (threads.isEmpty()) {
            for (int s = 0; s < n; s++) {
                int stream = s;
                Thread t = new Thread(() -> serve(stream), name + "-" + s);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        put(new Job<>() {
            public void run(M instance) {
                try {
                    result.complete(work.apply(instance));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }

            public void fail(Throwable cause) {
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    private void serve(int stream) {
        M instance = null;
        Throwable broken = null;
        try {
            instance = open.apply(stream);
        } catch (Throwable e) {
            broken = e;
        }
        while (true) {
            Job<M> job;
            waiting.incrementAndGet();
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            } finally {
                waiting.decrementAndGet();
            }
            if (job == stop) {
                return;
            }
            if (broken != null) {
                job.fail(broken);
            } else {
                job.run(instance);
            }
        }
    }

    private void put(Job<M> job) {
        try {
            jobs.put(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (threads.isEmpty()) {
            return;
        }
        List<Job<M>> waiting = new ArrayList<>();
        jobs.drainTo(waiting);
        waiting.forEach(j -> j.fail(new CancellationException("extraction stopped")));
        boolean interrupted = false;
        for (int i = 0; i < threads.size(); i++) {
            while (true) {
                try {
                    jobs.put(stop);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        afterClose.run();
    }
}
