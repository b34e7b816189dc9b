package org.hares.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fact extraction streams rely on: libtorch's intra-op thread count belongs to the calling thread. */
class LibtorchThreadsTest {

    @Test
    void settingTheIntraOpThreadsOnOneThreadLeavesAnotherThreadsOwn() throws InterruptedException {
        int before = LibtorchThreads.ofThisThread();
        try {
            LibtorchThreads.setForThisThread(2);
            AtomicInteger seenThere = new AtomicInteger();
            Thread stream = new Thread(() -> {
                LibtorchThreads.setForThisThread(1);
                seenThere.set(LibtorchThreads.ofThisThread());
            });
            stream.start();
            stream.join();
            assertThat(seenThere.get()).isEqualTo(1);
            assertThat(LibtorchThreads.ofThisThread()).isEqualTo(2);

            // a thread that first uses libtorch later starts from the value set last, anywhere
            AtomicInteger seenByNewcomer = new AtomicInteger();
            Thread newcomer = new Thread(() -> seenByNewcomer.set(LibtorchThreads.ofThisThread()));
            newcomer.start();
            newcomer.join();
            assertThat(seenByNewcomer.get()).isEqualTo(1);
        } finally {
            LibtorchThreads.setForThisThread(before);
        }
    }
}
