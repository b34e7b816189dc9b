package org.hares;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands freed native memory back to the operating system. The launcher runs libtorch over jemalloc
 * with page decay disabled, which keeps inference free of page faults but never returns freed
 * pages by itself; the heads' large, short-lived tensors then pile up as resident memory. Callers
 * release after such phases: jemalloc's dirty pages are purged ({@code mallctl arena.<all>.purge}),
 * or glibc's free heap trimmed ({@code malloc_trim}). A no-op where neither is present.
 */
public final class NativeMemory {

    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    /** jemalloc's MALLCTL_ARENAS_ALL. */
    private static final String PURGE_ALL_ARENAS = "arena.4096.purge";
    private static final Optional<Runnable> RELEASE = find();

    private NativeMemory() {}

    public static void release() {
        RELEASE.ifPresent(Runnable::run);
    }

    private static Optional<Runnable> find() {
        try {
            NativeLibrary process = NativeLibrary.getProcess();
            Optional<Function> mallctl = symbol(process, "mallctl");
            if (mallctl.isPresent()) {
                Function f = mallctl.get();
                return Optional.of(() -> f.invokeInt(new Object[] {PURGE_ALL_ARENAS, Pointer.NULL, Pointer.NULL, Pointer.NULL, 0L}));
            }
            return symbol(process, "malloc_trim").map(f -> () -> f.invokeInt(new Object[] {0L}));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("no native allocator control: {}", e.toString());
            return Optional.empty();
        }
    }

    private static Optional<Function> symbol(NativeLibrary library, String name) {
        try {
            return Optional.of(library.getFunction(name));
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }
}
