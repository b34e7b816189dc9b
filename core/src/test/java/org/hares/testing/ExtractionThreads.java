package org.hares.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

/** The threads an extraction starts (workers, cache writers, model streams), to check that a run leaves none behind. */
public final class ExtractionThreads {

    private ExtractionThreads() {}

    public static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().matches("hares-(embed-worker|cache-writer|model-stream-\\d+)"))
                .collect(Collectors.toSet());
    }

    /** None started since {@code before} is alive (a pool that has ended may leave a thread about to return). */
    public static void assertNoneLeftSince(Set<Thread> before) throws InterruptedException {
        for (Thread t : live()) {
            if (!before.contains(t)) {
                t.join(10_000);
            }
        }
        assertThat(live()).as("extraction threads left running").isSubsetOf(before);
    }
}
