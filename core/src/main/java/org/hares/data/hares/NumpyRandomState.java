package org.hares.data.hares;

import java.util.List;

/**
 * numpy's legacy {@code np.random.RandomState(seed)} as far as {@code shuffle} needs it: MT19937
 * seeded with {@code init_genrand(seed)} and the bounded draw {@code random_interval} (mask to the
 * next power of two minus one, reject values above the bound). TFDS's VoxForge split depends on the
 * exact permutation, so both parts must match bit for bit; tests compare against numpy itself.
 */
public final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index;

    /** Like {@code RandomState(seed)} for an integer seed in [0, 2^32). */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be in [0, 2^32), got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32-bit output, as an unsigned value. */
    public long nextUint32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return Integer.toUnsignedLong(y);
    }

    /** numpy's {@code random_interval(max)}: uniform in [0, max] by masked rejection. */
    public long randomInterval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= 0xffffffffL) {
            do {
                value = nextUint32() & mask;
            } while (value > max);
        } else {
            do {
                value = ((nextUint32() << 32) | nextUint32()) & mask;
            } while (value > max);
        }
        return value;
    }

    /** In-place {@code RandomState.shuffle} of a list (Fisher–Yates from the end). */
    public <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i >= 1; i--) {
            int j = (int) randomInterval(i);
            T tmp = items.get(i);
            items.set(i, items.get(j));
            items.set(j, tmp);
        }
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                next ^= 0x9908b0df;
            }
            mt[i] = next;
        }
        index = 0;
    }
}
