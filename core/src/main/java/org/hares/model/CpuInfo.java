package org.hares.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CPU as Linux's {@code /proc/cpuinfo} describes it: model name, the highest clock the kernel
 * reports (a VM's nominal clock) and the feature flags of the first processor listed.
 */
public record CpuInfo(String model, double mhz, Set<String> flags) {

    public static final CpuInfo UNKNOWN = new CpuInfo("unknown CPU", Double.NaN, Set.of());

    public CpuInfo {
        flags = Set.copyOf(flags);
    }

    public static CpuInfo parse(String cpuinfo) {
        String model = UNKNOWN.model();
        double mhz = 0;
        Set<String> flags = null;
        for (String line : cpuinfo.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            switch (line.substring(0, colon).trim()) {
                case "model name" -> model = value;
                case "cpu MHz" -> mhz = Math.max(mhz, Double.parseDouble(value));
                case "flags" -> flags = flags != null ? flags
                        : Arrays.stream(value.split("\\s+")).filter(f -> !f.isEmpty()).collect(Collectors.toSet());
                default -> { }
            }
        }
        return new CpuInfo(model, mhz, flags == null ? Set.of() : flags);
    }

    /** This machine's CPU; {@link #UNKNOWN} where {@code /proc/cpuinfo} cannot be read. */
    public static CpuInfo ofThisMachine() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }
}
