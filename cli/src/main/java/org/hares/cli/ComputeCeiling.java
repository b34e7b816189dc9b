package org.hares.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the machine can do at best, to judge the model's GFLOP/s against: the fastest float32 GEMM
 * through the same libtorch (same threads, same allocator) and the CPU's theoretical FMA peak.
 */
final class ComputeCeiling {

    private ComputeCeiling() {
    }

    /** The best square sgemm over the sizes: {@code size} n, GFLOP/s = 2n³ / median seconds. */
    record Sgemm(int size, double gflops) {
    }

    /**
     * Times {@code C = A·B} for each n in {@code sizes} (after one untimed product at the first size) and
     * returns the fastest. Each size gets at least {@code repeats} products and at least half a second.
     */
    static Sgemm bestSgemm(List<Integer> sizes, int repeats) {
        Sgemm best = new Sgemm(0, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            boolean warm = false;
            for (int n : sizes) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray a = scope.randomUniform(-1, 1, new Shape(n, n));
                    NDArray b = scope.randomUniform(-1, 1, new Shape(n, n));
                    if (!warm) {
                        a.matMul(b).close();
                        warm = true;
                    }
                    double[] seconds = new double[repeats];
                    double total = 0;
                    int done = 0;
                    while (done < repeats || total < 0.5) {
                        long t0 = System.nanoTime();
                        NDArray c = a.matMul(b);
                        double s = (System.nanoTime() - t0) / 1e9;
                        c.close();
                        if (done < repeats) {
                            seconds[done] = s;
                        } else {
                            seconds[done % repeats] = Math.min(seconds[done % repeats], s);
                        }
                        total += s;
                        done++;
                    }
                    double gflops = 2.0 * n * n * n / BenchCommand.median(seconds) / 1e9;
                    if (gflops > best.gflops()) {
                        best = new Sgemm(n, gflops);
                    }
                }
            }
        }
        return best;
    }

    /**
     * The CPU's float32 FMA peak from {@code /proc/cpuinfo}: cores × clock × vector lanes × 2 FMA
     * units × 2 FLOPs. The clock is the one the kernel reports (a VM's nominal clock; turbo may exceed it).
     */
    record CpuPeak(String model, int cores, double ghz, int lanes, double gflops) {

        static CpuPeak of(String cpuinfo, int cores) {
            String model = "unknown";
            double mhz = 0;
            String flags = "";
            for (String line : cpuinfo.split("\\R")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "model name" -> model = value;
                    case "cpu MHz" -> mhz = Math.max(mhz, Double.parseDouble(value));
                    case "flags" -> flags = " " + value + " ";
                    default -> { }
                }
            }
            boolean fma = flags.contains(" fma ");
            int lanes = flags.contains(" avx512f ") ? 16 : flags.contains(" avx ") ? 8 : 4;
            double flopsPerCycle = lanes * 2.0 * (fma ? 2 : 1);
            return new CpuPeak(model, cores, mhz / 1000, lanes, cores * mhz / 1000 * flopsPerCycle);
        }

        static CpuPeak ofThisMachine() {
            try {
                return of(Files.readString(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors());
            } catch (IOException e) {
                return new CpuPeak("unknown", Runtime.getRuntime().availableProcessors(), Double.NaN, 0, Double.NaN);
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "%s: %d cores x %.2f GHz x %d lanes x 2 FMA units x 2 = %.0f GFLOP/s",
                    model, cores, ghz, lanes, gflops);
        }
    }
}
