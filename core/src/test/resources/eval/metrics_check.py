#!/usr/bin/python3
"""Fixed predictions and the metrics scikit-learn / scipy give on them.

Writes metrics_fixture.npz (the predictions) and metrics_expected.json (the numbers
MetricsTest compares against). Run from this folder with Debian's python3-sklearn:
    /usr/bin/python3 metrics_check.py
"""
import json

import numpy as np
from scipy.stats import norm
from sklearn.metrics import accuracy_score, average_precision_score, roc_auc_score

rng = np.random.RandomState(20211124)

# single-label: 300 clips, 7 classes; scores rounded so that ties occur
n, c = 300, 7
single_truth = rng.randint(0, c, size=n)
single_scores = rng.rand(n, c).astype(np.float32)
single_scores[np.arange(n), single_truth] += 0.35 * rng.rand(n).astype(np.float32)
single_scores = np.round(single_scores, 2).astype(np.float32)

# multi-label: 200 clips, 12 classes; class 3 has no positive, class 7 only positives
n, c = 200, 12
multi_truth = (rng.rand(n, c) < 0.2)
multi_truth[:, 3] = False
multi_truth[:, 7] = True
multi_scores = (0.6 * multi_truth + rng.rand(n, c)).astype(np.float32)
multi_scores = np.round(multi_scores, 1).astype(np.float32)  # many ties

ap = {}
auc = {}
for k in range(c):
    if multi_truth[:, k].any():
        ap[k] = float(average_precision_score(multi_truth[:, k], multi_scores[:, k]))
    if multi_truth[:, k].any() and not multi_truth[:, k].all():
        auc[k] = float(roc_auc_score(multi_truth[:, k], multi_scores[:, k]))
macro_auc = float(np.mean(list(auc.values())))
expected = {
    "single_accuracy": float(accuracy_score(single_truth, np.argmax(single_scores, axis=1))),
    "ap_per_class": {str(k): v for k, v in ap.items()},
    "mAP": float(np.mean(list(ap.values()))),
    "classes_left_out": int(c - len(ap)),
    "auc_per_class": {str(k): v for k, v in auc.items()},
    "macro_auc": macro_auc,
    "d_prime": float(np.sqrt(2.0) * norm.ppf(macro_auc)),
    "d_prime_of": {str(a): float(np.sqrt(2.0) * norm.ppf(a)) for a in (0.5, 0.75, 0.9, 0.99)},
}
np.savez("metrics_fixture.npz", single_scores=single_scores, single_truth=single_truth.astype(np.int64),
         multi_scores=multi_scores, multi_truth=multi_truth)
with open("metrics_expected.json", "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
print(json.dumps(expected, indent=1, sort_keys=True))
