"""Reads `hares embed --task ... --out DIR` (npz) as a scikit-learn user would; prints one JSON summary.

usage: /usr/bin/python3 check_npz.py FOLDER   (the task folder holding train.npz, valid.npz, test.npz)
Asserts the documented keys, dtypes and shapes and their consistency, then prints per split:
rows, dim, the set of (clip_id, label) pairs, and for each clip its label index y.
"""
import json
import sys
from pathlib import Path

import numpy as np

folder = Path(sys.argv[1])
summary = {}
for f in sorted(folder.glob("*.npz")):
    d = np.load(f)  # no allow_pickle: every array must load without pickles
    keys = set(d.files)
    assert {"X", "y", "label", "clip_id", "file", "window_start", "fold", "label_names"} <= keys, keys
    X, y = d["X"], d["y"]
    n = X.shape[0]
    assert X.dtype == np.float32 and X.ndim == 2, (X.dtype, X.shape)
    assert np.isfinite(X).all()
    for k in ("y", "label", "clip_id", "file", "window_start", "fold"):
        assert d[k].shape[0] == n, (k, d[k].shape, n)
    assert d["clip_id"].dtype.kind == "U" and d["label"].dtype.kind == "U" and d["file"].dtype.kind == "U"
    assert y.dtype == np.int64 and y.ndim == 1
    names = d["label_names"]
    assert (names[y] == d["label"]).all(), "label_names[y] must equal label"
    assert (d["window_start"] >= 0).all()
    summary[f.stem] = {
        "rows": int(n),
        "dim": int(X.shape[1]),
        "y": {str(c): int(v) for c, v in zip(d["clip_id"], y)},
        "files": sorted(set(str(x) for x in d["file"])),
        "folds": sorted(set(int(x) for x in d["fold"])),
    }
print(json.dumps(summary))
