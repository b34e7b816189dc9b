#!/usr/bin/python3
"""Scikit-learn on the embeddings hares cached for the demo's Speech Commands v2 (an independent check of its score).

    ./hares eval --model slowfast-nfnet-f0 --task speech_commands_v2=demo/suite --protocol fast --cache /tmp/hc --out /tmp/sc
    /usr/bin/python3 demo/sklearn-on-cache.py /tmp/hc/slowfast-nfnet-f0/speech_commands_v2-default

A cache entry is named by the first 24 hex digits of SHA-256("v2" NUL path relative to the dataset root NUL clip id NUL
segment); its `embeddings` are windows x D. Train clips are in train-crops-*/, test and validation clips in eval-*/.
Needs python3-sklearn. Prints the test accuracy of LogisticRegression (C chosen on the validation list)."""
import glob
import hashlib
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

cache = sys.argv[1]
suite = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "suite"))
words = os.path.join(suite, "speech_commands_v0.02")
folders = {"train": glob.glob(cache + "/train-crops-*")[0], "valid": glob.glob(cache + "/eval-*")[0]}
folders["test"] = folders["valid"]
whole = "Segment[offsetSeconds=0.0, durationSeconds=Infinity]"
lists = {s: set(open(os.path.join(words, s + "ing_list.txt" if s == "test" else "validation_list.txt")).read().split())
         for s in ("test", "valid")}
X = {s: [] for s in folders}
y = {s: [] for s in folders}
for f in sorted(glob.glob(words + "/*/*.wav")):
    clip_id = os.path.relpath(f, words)
    if clip_id.startswith("_"):
        continue
    split = "test" if clip_id in lists["test"] else "valid" if clip_id in lists["valid"] else "train"
    key = "\0".join(["v2", os.path.relpath(f, suite), clip_id, whole])
    entry = os.path.join(folders[split], hashlib.sha256(key.encode()).hexdigest()[:24] + ".npz")
    X[split].append(np.load(entry)["embeddings"].mean(0))  # mean over the clip's windows
    y[split].append(clip_id.split("/")[0])
scaler = StandardScaler().fit(X["train"])
fit = {c: LogisticRegression(C=c, max_iter=1000).fit(scaler.transform(X["train"]), y["train"]) for c in (1e-3, 1e-2, 1e-1, 1)}
best = max(fit, key=lambda c: fit[c].score(scaler.transform(X["valid"]), y["valid"]))
print("clips: %s; C = %g; test accuracy %.1f %%" % ({s: len(v) for s, v in X.items()}, best,
                                                     100 * fit[best].score(scaler.transform(X["test"]), y["test"])))
