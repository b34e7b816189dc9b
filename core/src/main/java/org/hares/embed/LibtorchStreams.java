package org.hares.embed;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hares.model.LibtorchThreads;

/**
 * A libtorch model's extraction streams (see {@link EmbeddingModel#stream}): entering one gives the
 * calling thread its share of the intra-op threads there were when the model was opened; the further
 * streams' instances are opened on first use and closed together.
 *
 * @param <M> the model's class
 */
final class LibtorchStreams<M extends EmbeddingModel> {

    private final int intraOpThreads = LibtorchThreads.ofThisThread();
    private final Map<Integer, M> instances = new HashMap<>();
    private final Supplier<M> open;

    /** @param open a further stream's instance */
    LibtorchStreams(Supplier<M> open) {
        this.open = open;
    }

    /** Stream {@code s} of {@code n} on the calling thread: {@code first} for stream 0, else that stream's own instance. */
    EmbeddingModel enter(EmbeddingModel first, int s, int n) {
        LibtorchThreads.setForThisThread(Math.max(1, intraOpThreads / n));
        if (s == 0) {
            return first;
        }
        synchronized (instances) {
            return instances.computeIfAbsent(s, k -> open.get());
        }
    }

    void close() {
        synchronized (instances) {
            instances.values().forEach(EmbeddingModel::close);
            instances.clear();
        }
    }
}
