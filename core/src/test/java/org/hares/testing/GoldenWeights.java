package org.hares.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hares.io.NpyArray;
import org.hares.io.Npz;
import org.hares.model.weights.HaikuInit;
import org.hares.model.weights.HaikuParamKind;
import org.hares.model.weights.HaikuParameter;

/**
 * The integer weight and input recipe of {@code golden/README.md}: SplitMix64 over the FNV-1a hash of
 * each parameter's Haiku key (plus a salt), filled row-major in Haiku layout, so any language can
 * regenerate the reference weights exactly.
 */
public final class GoldenWeights {

    private GoldenWeights() {}

    /** {@code uniform(key, n)} of the README: n doubles in [0, 1). */
    public static double[] uniform(String key, int n, long salt) {
        long base = HaikuInit.fnv1a64(key) + salt;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            long z = base + (i + 1L) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            u[i] = (z >>> 11) * 0x1.0p-53;
        }
        return u;
    }

    /** The reference input {@code (batch, frames, 128, 1)} as row-major floats: {@code 2·uniform("input") − 1}. */
    public static float[] input(int batch, int frames, int melBins, long salt) {
        double[] u = uniform("input", batch * frames * melBins, salt);
        float[] x = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            x[i] = (float) (2 * u[i] - 1);
        }
        return x;
    }

    /** Every parameter's recipe value, keyed by Haiku name, in Haiku layout. */
    public static Map<String, NpyArray> arrays(List<HaikuParameter> parameters, long salt) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        for (HaikuParameter p : parameters) {
            long[] shape = p.haikuShape();
            int n = Math.toIntExact(p.size());
            double[] u = uniform(p.key(), n, salt);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) value(p.kind(), u[i], shape);
            }
            out.put(p.key(), shape.length == 0 ? NpyArray.scalar(v[0]) : NpyArray.ofFloats(v, shape));
        }
        return out;
    }

    private static double value(HaikuParamKind kind, double u, long[] shape) {
        return switch (kind) {
            case CONV_W -> (2 * u - 1) * Math.sqrt(3.0 / (shape[0] * shape[1] * shape[2]));
            case LINEAR_W -> (2 * u - 1) * Math.sqrt(3.0 / shape[0]);
            case GAIN, SKIP_GAIN -> 0.5 + u;
            case CONV_BIAS, LINEAR_B -> 0.2 * (u - 0.5);
        };
    }

    /** Writes the recipe weights as a Haiku-style {@code .npz} checkpoint. */
    public static Path writeNpz(Path file, List<HaikuParameter> parameters, long salt) {
        Npz.write(file, arrays(parameters, salt));
        return file;
    }
}
