#!/usr/bin/python3
"""Embeddings with a known scikit-learn answer for the fast protocol's logistic regression.

Writes logreg_fixture.npz (train/test embeddings and labels) and logreg_expected.json: the
objective value at the optimum and test accuracy of StandardScaler + LogisticRegression(C) (multinomial, lbfgs) and the test mAP of
StandardScaler + OneVsRestClassifier(LogisticRegression(C)) at several C (with the summed objective), and the test accuracy of LinearSVC(C) on the raw features.
Run from this folder with Debian's python3-sklearn:  /usr/bin/python3 logreg_check.py
"""
import json

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, average_precision_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

rng = np.random.RandomState(7)
d, k = 48, 10
centres = rng.randn(k, d) * 0.45
scales = rng.rand(d) * 3 + 0.5  # unequal feature scales, so standardisation matters
offset = rng.randn(d) * 2


def draw(n):
    y = rng.randint(0, k, size=n)
    x = (centres[y] + rng.randn(n, d)) * scales + offset
    return x.astype(np.float32), y


x_train, y_train = draw(1500)
x_test, y_test = draw(600)

# multi-label: 6 tags, each a noisy linear function of the features
w_tags = rng.randn(d, 6) / np.sqrt(d)
def tags(x):
    z = ((x - offset) / scales) @ w_tags + rng.randn(len(x), 6) * 0.6
    return z > 0.4
t_train, t_test = tags(x_train), tags(x_test)

def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def objective(weights, cross_entropy, c, n):
    """scikit-learn's objective divided by C·n: mean loss plus ||W||² / (2·C·n), intercepts not penalised."""
    return float(cross_entropy + (weights ** 2).sum() / (2 * c * n))


expected = {"accuracy": {}, "mAP": {}, "svm_accuracy": {}, "objective": {}, "sigmoid_objective": {}}
for c in (0.001, 0.01, 0.1, 1.0):
    clf = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000, tol=1e-8))
    clf.fit(x_train, y_train)
    expected["accuracy"][str(c)] = float(accuracy_score(y_test, clf.predict(x_test)))
    lr = clf[-1]
    z = clf[0].transform(x_train) @ lr.coef_.T + lr.intercept_
    ce = -log_softmax(z)[np.arange(len(y_train)), y_train].mean()
    expected["objective"][str(c)] = objective(lr.coef_, ce, c, len(y_train))
    ovr = make_pipeline(StandardScaler(), OneVsRestClassifier(LogisticRegression(C=c, max_iter=5000, tol=1e-8)))
    ovr.fit(x_train, t_train)
    p = ovr.predict_proba(x_test)
    expected["mAP"][str(c)] = float(np.mean([average_precision_score(t_test[:, j], p[:, j]) for j in range(6)]))
    total = 0.0
    for j, est in enumerate(ovr[-1].estimators_):
        z = (ovr[0].transform(x_train) @ est.coef_.T + est.intercept_)[:, 0]
        bce = np.mean(np.logaddexp(0, z) - t_train[:, j] * z)
        total += objective(est.coef_, bce, c, len(y_train))
    expected["sigmoid_objective"][str(c)] = total

# the ESC-50 head: LinearSVC (LIBLINEAR, squared hinge, one-vs-rest) on the raw features
for c in (3e-5, 1e-3, 3e-2):
    svm = LinearSVC(C=c, tol=1e-4, max_iter=1000).fit(x_train, y_train)
    expected["svm_accuracy"][str(c)] = float(accuracy_score(y_test, svm.predict(x_test)))

np.savez("logreg_fixture.npz", x_train=x_train, y_train=y_train.astype(np.int64), x_test=x_test,
         y_test=y_test.astype(np.int64), t_train=t_train, t_test=t_test)
with open("logreg_expected.json", "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
print(json.dumps(expected, indent=1, sort_keys=True))
