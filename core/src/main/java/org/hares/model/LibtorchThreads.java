package org.hares.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op threads. This libtorch parallelises with OpenMP, where the thread count is an
 * ICV of each calling thread: {@code at::set_num_threads} (DJL's {@link JniUtils#setNumThreads})
 * sets it for the calling thread only, and also the default that a thread takes on its first
 * parallel op, so a thread started later inherits the last value set anywhere.
 */
public final class LibtorchThreads {

    private LibtorchThreads() {}

    /** The intra-op threads of forward passes run on the calling thread. */
    public static int ofThisThread() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /** Gives the calling thread {@code n} intra-op threads (and threads that start using libtorch later, see above). */
    public static void setForThisThread(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + n);
        }
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(n);
    }
}
