package org.hares.data;

/** How a clip is cut into model windows at evaluation; clip scores are the mean over its windows. */
public sealed interface Windowing permits Windowing.Consecutive, Windowing.EquallySpaced {

    double windowSeconds();

    /** Consecutive non-overlapping windows covering the clip; the last one zero-padded. */
    record Consecutive(double windowSeconds) implements Windowing {
        public Consecutive {
            if (!(windowSeconds > 0)) {
                throw new IllegalArgumentException("window must be positive, got " + windowSeconds);
            }
        }
    }

    /** {@code count} equally spaced (overlapping) windows from the start to the end of the clip. */
    record EquallySpaced(int count, double windowSeconds) implements Windowing {
        public EquallySpaced {
            if (count < 1 || !(windowSeconds > 0)) {
                throw new IllegalArgumentException("need count >= 1 and window > 0, got " + count + ", " + windowSeconds);
            }
        }
    }
}
