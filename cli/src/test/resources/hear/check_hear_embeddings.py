"""Reads `hares embed --format hear` output the way hear-eval-kit's predictor does; prints one JSON summary.

usage: /usr/bin/python3 check_hear_embeddings.py FOLDER   (OUT/{name}-{version}-{mode})
For every split in task_metadata.json: the (N, D) of {split}.embedding-dimensions.json, the raw float32
memmap {split}.embeddings.npy, the label lists of {split}.target-labels.pkl (pickle protocol <= 4), and per
file {split}/{file}.embedding.npy and .target-labels.json, which must agree row by row in {split}.json order.
"""
import json
import pickle
import pickletools
import sys
from pathlib import Path

import numpy as np

folder = Path(sys.argv[1])
meta = json.load(open(folder / "task_metadata.json"))
assert meta["embedding_type"] == "scene", meta
assert (folder / ".done.embeddings").exists()
vocab = [line.split(",", 1)[1] for line in (folder / "labelvocabulary.csv").read_text().splitlines()[1:]]
summary = {"task_name": meta["task_name"], "splits": {}}
for split in meta["splits"]:
    n, dim = json.load(open(folder / f"{split}.embedding-dimensions.json"))
    rows = np.memmap(folder / f"{split}.embeddings.npy", dtype=np.float32, mode="r", shape=(n, dim))
    raw = (folder / f"{split}.target-labels.pkl").read_bytes()
    protocol = next(pickletools.genops(raw))[1] if raw[0] == 0x80 else 0
    assert protocol <= 4, protocol
    labels = pickle.loads(raw)
    order = list(json.load(open(folder / f"{split}.json")).items())
    assert len(labels) == n == len(order), (len(labels), n, len(order))
    for i, (name, file_labels) in enumerate(order):
        emb = np.load(folder / split / f"{name}.embedding.npy")
        assert emb.dtype == np.float32 and emb.shape == (dim,), (emb.dtype, emb.shape)
        assert np.array_equal(emb, rows[i]), name
        assert json.load(open(folder / split / f"{name}.target-labels.json")) == labels[i] == file_labels, name
        assert all(label in vocab for label in labels[i])
    summary["splits"][split] = {"n": n, "dim": dim, "protocol": protocol,
                                "labels": {name: l for name, l in order}}
print(json.dumps(summary))
