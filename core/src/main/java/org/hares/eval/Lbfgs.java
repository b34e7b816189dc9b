package org.hares.eval;

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
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        int iteration = 0;
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        while (iteration < maxIterations && maxAbs(g) > tolerance) {
            double[] d = direction(g, s, y, rho, stored, newest);
            double slope = dot(g, d);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                stored = 0;
                d = negate(g);
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
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) { // keep the curvature pair only if positive
                newest = (newest + 1) % MEMORY;
                s[newest] = sk;
                y[newest] = yk;
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
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

    private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored, int newest) {
        double[] q = g.clone();
        double[] alpha = new double[MEMORY];
        for (int k = 0; k < stored; k++) {
            int i = Math.floorMod(newest - k, MEMORY);
            alpha[i] = rho[i] * dot(s[i], q);
            axpy(-alpha[i], y[i], q);
        }
        if (stored > 0) {
            double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            for (int j = 0; j < q.length; j++) {
                q[j] *= gamma;
            }
        }
        for (int k = stored - 1; k >= 0; k--) {
            int i = Math.floorMod(newest - k, MEMORY);
            double beta = rho[i] * dot(y[i], q);
            axpy(alpha[i] - beta, s[i], q);
        }
        return negate(q);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
