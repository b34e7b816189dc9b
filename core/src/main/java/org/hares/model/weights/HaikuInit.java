package org.hares.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Haiku's initialisation of the reference model, seeded: convolution {@code w} ~ N(0, 1/fan_in)
 * ({@code VarianceScaling(1, fan_in, normal)}), linear {@code w} ~ normal truncated at ±2σ with
 * σ = 1/√in ({@code hk.Linear}'s default), {@code gain} 1, {@code bias}/{@code b} 0, {@code skip_gain} 0.
 * Each parameter draws from its own generator seeded by the seed and its Haiku key, so the same
 * seed gives the same weights whatever the device, thread or initialisation order.
 */
public final class HaikuInit {

    private HaikuInit() {}

    /** Sets each parameter's initializer to the seeded Haiku initialisation. */
    public static void seeded(List<HaikuParameter> parameters, long seed) {
        for (HaikuParameter p : parameters) {
            p.parameter().setInitializer(new Seeded(p.kind(), mix(seed, fnv1a64(p.key()))));
        }
    }

    /** Sets every initializer to zeros: for parameters about to be overwritten by a checkpoint. */
    public static void zeros(List<HaikuParameter> parameters) {
        parameters.forEach(p -> p.parameter().setInitializer(Initializer.ZEROS));
    }

    /** 64-bit FNV-1a of the UTF-8 bytes of {@code s}. */
    public static long fnv1a64(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001B3L;
        }
        return h;
    }

    private static long mix(long seed, long keyHash) {
        long z = seed * 0x9E3779B97F4A7C15L + keyHash;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private record Seeded(HaikuParamKind kind, long seed) implements Initializer {

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            int n = Math.toIntExact(shape.size());
            SplittableRandom random = new SplittableRandom(seed);
            double[] v = new double[n];
            switch (kind) {
                case CONV_W -> {
                    double std = 1 / Math.sqrt((double) n / shape.get(0));
                    for (int i = 0; i < n; i++) {
                        v[i] = random.nextGaussian() * std;
                    }
                }
                case LINEAR_W -> {
                    double std = 1 / Math.sqrt(shape.get(1));
                    for (int i = 0; i < n; i++) {
                        double z;
                        do {
                            z = random.nextGaussian();
                        } while (Math.abs(z) > 2);
                        v[i] = z * std;
                    }
                }
                case GAIN -> java.util.Arrays.fill(v, 1.0);
                case SKIP_GAIN, CONV_BIAS, LINEAR_B -> { }
            }
            if (dataType == DataType.FLOAT32) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) v[i];
                }
                return manager.create(f, shape);
            }
            return manager.create(v, shape).toType(dataType, false);
        }
    }
}
