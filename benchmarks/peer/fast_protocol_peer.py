#!/usr/bin/python3
"""scikit-learn peer of the fast protocol, on embeddings written by `hares bench heads --save DIR`.

Runs the same protocol with StandardScaler + LogisticRegression (lbfgs, max_iter=100, tol=1e-4):
C in {1e-3, 1e-2, 1e-1, 1} chosen on a seeded 10 % of train, the sweep on at most 20,000 of the
remaining clips (warm-started, strongest regularisation first), then a refit on all of train at the
chosen C. Prints the wall time and the test accuracy; with --c (the C hares chose) it also fits at
that C, so the accuracies can be compared at the same regularisation.

    /usr/bin/python3 benchmarks/peer/fast_protocol_peer.py DIR [--c 0.001] [--threads 2]
"""
import argparse
import os
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir")
    parser.add_argument("--c", type=float, help="also fit at this C (the one hares chose)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    def load(name):
        return np.load(os.path.join(args.dir, name))

    x_train, y_train, x_test, y_test = (load(n) for n in ("x_train.npy", "y_train.npy", "x_test.npy", "y_test.npy"))
    print(f"{x_train.shape[0]} train + {x_test.shape[0]} test rows x {x_train.shape[1]}, "
          f"{len(np.unique(y_train))} classes; load {os.getloadavg()[0]:.1f}", flush=True)

    def fit(x, y, c, warm=None):
        clf = LogisticRegression(C=c, max_iter=100, tol=1e-4, warm_start=warm is not None)
        if warm is not None:
            clf.coef_, clf.intercept_ = warm.coef_.copy(), warm.intercept_.copy()
        clf.fit(x, y)
        return clf

    t0 = time.perf_counter()
    rng = np.random.RandomState(0)
    order = rng.permutation(len(y_train))
    held, rest = order[: len(order) // 10], order[len(order) // 10:]
    if len(rest) > 20000:
        rest = rng.choice(rest, 20000, replace=False)
    scaler = StandardScaler().fit(x_train[rest])
    xs, xh = scaler.transform(x_train[rest]), scaler.transform(x_train[held])
    best, best_score, warm = None, -1.0, None
    for c in (1e-3, 1e-2, 1e-1, 1.0):
        warm = fit(xs, y_train[rest], c, warm)
        score = (warm.predict(xh) == y_train[held]).mean()
        print(f"  C={c:g}: validation accuracy {100 * score:.2f} %, {warm.n_iter_[0]} iterations", flush=True)
        if score > best_score:
            best, best_score = c, score
    del xs, xh
    scaler = StandardScaler().fit(x_train)
    xt = scaler.transform(x_train)
    clf = fit(xt, y_train, best)
    seconds = time.perf_counter() - t0
    accuracy = (clf.predict(scaler.transform(x_test)) == y_test).mean()
    print(f"scikit-learn fast protocol: {seconds:.1f} s (refit at C={best:g}: {clf.n_iter_[0]} iterations), "
          f"test accuracy {100 * accuracy:.2f} %", flush=True)
    if args.c is not None and args.c != best:
        t1 = time.perf_counter()
        clf = fit(xt, y_train, args.c)
        accuracy = (clf.predict(scaler.transform(x_test)) == y_test).mean()
        print(f"scikit-learn at C={args.c:g}: {time.perf_counter() - t1:.1f} s, {clf.n_iter_[0]} iterations, "
              f"test accuracy {100 * accuracy:.2f} %", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
