package org.hares.eval.heads;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, Algorithm 7.4: two-loop recursion) with a backtracking
 * Armijo line search, for the fast protocol's full-batch logistic regression. Written here because
 * the objective and its gradient are computed by libtorch through DJL, and no maintained
 * permissively licensed Java L-BFGS works on that; the vector algebra here is only O(m·d) per step.
 */
final class Lbfgs {

    /** f(θ) and its gradient written into {@code gradient}. */
    @FunctionalInterface
    interface Objective {
        double evaluate(double[] theta, double[] gradient);
    }

    /**
     * The minimiser found.
     *
     * @param theta       the parameters
     * @param value       f at theta
     * @param iterations  iterations taken
     * @param evaluations objective evaluations (iterations plus line-search steps)
     * @param converged   whether max |gradient| fell below the tolerance
     */
    record Result(double[] theta, double value, int iterations, int evaluations, boolean converged) {}

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {}

    /** Minimises from {@code start} until max |∇f| ≤ tolerance (scikit-learn's {@code tol}) or the iteration cap. */
    static Result minimize(Objective f, double[] start, int maxIterations, double tolerance) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        int evaluations = 1;
        // curvature pairs in float: the two-loop recursion streams all of them every iteration, and on heads with
        // many parameters that memory traffic, not the objective, dominated small sets
        float[][] s = new float[MEMORY][];
        float[][] y = new float[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        int iteration = 0;
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] d = new double[n];
        double[] alpha = new double[MEMORY];
        while (iteration < maxIterations && maxAbs(g) > tolerance) {
            direction(g, s, y, rho, stored, newest, alpha, d);
            double slope = dot(g, d);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = dot(g, d);
            }
            double step = stored == 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
            double fNew;
            while (true) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                fNew = f.evaluate(xNew, gNew);
                evaluations++;
                if (fNew <= fx + ARMIJO * step * slope || step < 1e-20) {
                    break;
                }
                step *= 0.5;
            }
            int slot = (newest + 1) % MEMORY;
            float[] sk = s[slot] == null ? new float[n] : s[slot]; // the oldest pair's arrays, reused
            float[] yk = y[slot] == null ? new float[n] : y[slot];
            double sy = 0;
            double ss = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                sk[i] = (float) (xNew[i] - x[i]);
                yk[i] = (float) (gNew[i] - g[i]);
                sy += (double) sk[i] * yk[i];
                ss += (double) sk[i] * sk[i];
                yy += (double) yk[i] * yk[i];
            }
            if (sy > 1e-12 * Math.sqrt(ss * yy)) { // keep the curvature pair only if positive
                newest = slot;
                s[slot] = sk;
                y[slot] = yk;
                rho[slot] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
            } else if (stored == MEMORY) {
                stored = MEMORY - 1; // the slot's old pair was overwritten
            }
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            boolean stalled = Math.abs(fx - fNew) <= 1e-12 * Math.max(1, Math.abs(fx));
            fx = fNew;
            iteration++;
            if (stalled) {
                break;
            }
        }
        return new Result(x, fx, iteration, evaluations, maxAbs(g) <= tolerance);
    }

    /** The two-loop recursion: {@code d = -H·g}, written into {@code q} ({@code alpha} is scratch). */
    private static void direction(double[] g, float[][] s, float[][] y, double[] rho, int stored, int newest,
            double[] alpha, double[] q) {
        System.arraycopy(g, 0, q, 0, g.length);
        for (int k = 0; k < stored; k++) {
            int i = Math.floorMod(newest - k, MEMORY);
            alpha[i] = rho[i] * dot(s[i], q);
            axpy(-alpha[i], y[i], q);
        }
        if (stored > 0) {
            double gamma = 1 / (rho[newest] * dot(y[newest], y[newest]));
            for (int j = 0; j < q.length; j++) {
                q[j] *= gamma;
            }
        }
        for (int k = stored - 1; k >= 0; k--) {
            int i = Math.floorMod(newest - k, MEMORY);
            double beta = rho[i] * dot(y[i], q);
            axpy(alpha[i] - beta, s[i], q);
        }
        for (int j = 0; j < q.length; j++) {
            q[j] = -q[j];
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Four partial sums: independent chains the CPU overlaps (a single double reduction is not vectorised). */
    private static double dot(float[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, float[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
