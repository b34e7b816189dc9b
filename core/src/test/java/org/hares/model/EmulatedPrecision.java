package org.hares.model;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Optional;

/** {@link Embedder}'s emulating bypass for tests outside this package: reduced precision without the hardware check. */
public final class EmulatedPrecision {

    private EmulatedPrecision() {
    }

    public static Embedder open(ModelArchitecture arch, Optional<Path> checkpoint, long seed, Device device, Precision precision) {
        return Embedder.emulating(arch, checkpoint, seed, device, precision);
    }
}
