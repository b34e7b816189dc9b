package org.hares.model.layer;

import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code scale · gelu(x)} (tanh form, as {@code x·σ(2u)} = {@code x / (1 + e^{-2u})}) over float32 buffers,
 * written with Java's Vector API. libtorch 2.7's {@code gelu(approximate='tanh')} goes through Sleef's
 * vectorised tanh and then a second pass for the scale; this kernel makes one pass: on an AVX2 EPYC,
 * one thread, a 6.5 M-element map, 16.7-19.5 ms (13.6-16.9 ms in place) against libtorch's 26 ms.
 *
 * <p>The exponential is computed here from IEEE additions, multiplications and integer bit operations
 * only ({@code e^z = 2^n · e^r}, {@code n = round(z / ln 2)}, {@code |r| ≤ ln 2 / 2}, {@code e^r} by its Taylor
 * polynomial of degree 7, error below 6e-9). The Vector API's own {@code EXP} would do (SVML's on x86-64,
 * as fast) but gives different last bits before the JIT has compiled it than after, and results must
 * not depend on the JIT's state. Every element, the last of a buffer included, goes through the same
 * lane arithmetic, so results do not depend on where a buffer is split either.
 *
 * <p>Only {@link TanhGelu} touches this class, and only after {@link #selfTest()} passed: the Vector API
 * is an incubator module ({@code --add-modules jdk.incubator.vector}, which the launcher and the tests
 * pass), so the class cannot even be loaded without it.
 */
final class VectorGelu {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = SPECIES.withLanes(int.class);
    /** Elements copied to a Java array per step (a multiple of any lane count): the array API is the one all Vector API incubators share. */
    private static final int CHUNK = 2048;
    private static final float C = (float) TanhGelu.TWO_SQRT_2_OVER_PI;
    private static final float C_CUBIC = (float) (TanhGelu.TWO_SQRT_2_OVER_PI * TanhGelu.CUBIC);
    /** e^z is computed for z clamped to this range, where 2^n stays a normal float. */
    private static final float Z_MIN = -87.3f;
    private static final float Z_MAX = 88.3f;
    private static final float LOG2_E = (float) (1 / Math.log(2));
    /** ln 2 in two parts (Cody and Waite): {@code n·LN2_HI} is exact for |n| < 2^15. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = (float) (Math.log(2) - 0.693359375);
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToIntBits(ROUNDER);

    private VectorGelu() {}

    /** Writes {@code scale · gelu(in[i])} to {@code out[i]} for every element; {@code out} may be {@code in}. */
    static void apply(FloatBuffer in, FloatBuffer out, float scale) {
        if (out.capacity() != in.capacity()) {
            throw new IllegalArgumentException("gelu of " + in.capacity() + " elements into " + out.capacity());
        }
        apply(in, out, scale, 0, in.capacity());
    }

    /** {@link #apply(FloatBuffer, FloatBuffer, float)} on elements {@code [from, to)} only. */
    static void apply(FloatBuffer in, FloatBuffer out, float scale, int from, int to) {
        int lanes = SPECIES.length();
        // whole vectors only: a partial last one runs on whatever the array holds past the data, never written back
        float[] chunk = new float[(Math.min(CHUNK, to - from) + lanes - 1) / lanes * lanes];
        for (int offset = from; offset < to; offset += CHUNK) {
            int length = Math.min(CHUNK, to - offset);
            in.get(offset, chunk, 0, length);
            for (int i = 0; i < length; i += lanes) {
                gelu(FloatVector.fromArray(SPECIES, chunk, i), scale).intoArray(chunk, i);
            }
            out.put(offset, chunk, 0, length);
        }
    }

    private static FloatVector gelu(FloatVector x, float scale) {
        // z = -2u = -x·(C + C·0.044715·x²)
        FloatVector z = x.mul(x).mul(-C_CUBIC).sub(C).mul(x).max(Z_MIN).min(Z_MAX);
        FloatVector n = z.mul(LOG2_E).add(ROUNDER).sub(ROUNDER);
        FloatVector r = z.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(1f / 5040).add(1f / 720).mul(r).add(1f / 120).mul(r).add(1f / 24).mul(r).add(1f / 6).mul(r)
                .add(0.5f).mul(r).add(1f).mul(r).add(1f);
        // 2^n from its bits: (n + 127) << 23, with n read back from the rounder's mantissa
        IntVector bits = (IntVector) n.add(ROUNDER).reinterpretShape(INTS, 0);
        FloatVector twoToN = (FloatVector) bits.sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretShape(SPECIES, 0);
        return x.mul(scale).div(p.mul(twoToN).add(1f));
    }

    /** Whether this JVM runs the kernel correctly: a few values (the last vector a partial one) and an infinity. */
    static boolean selfTest() {
        float[] xs = {-100f, -8f, -2.5f, -1f, -1e-3f, 0f, 1e-3f, 0.5f, 1f, 3f, 8f, 100f, Float.POSITIVE_INFINITY,
            -0.25f, 2f, 0.125f, -4f};
        FloatBuffer out = FloatBuffer.allocate(xs.length);
        apply(FloatBuffer.wrap(xs), out, 1f);
        for (int i = 0; i < xs.length; i++) {
            double expected = TanhGelu.gelu(xs[i]);
            double error = Math.abs(out.get(i) - expected);
            if (!(error <= 1e-6 * Math.max(1, Math.abs(expected)) || out.get(i) == expected)) {
                return false;
            }
        }
        return true;
    }
}
