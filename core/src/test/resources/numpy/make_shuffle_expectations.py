#!/usr/bin/env python3
"""Writes numpy_shuffle_expected.txt: numpy's legacy RandomState(seed).shuffle of list(range(n)),
and TFDS VoxForge's speaker-group split of a speaker list, for NumpyRandomStateTest.

Run from this folder with /usr/bin/python3 (numpy 1.24 here); commit the output.
Format: 'shuffle <seed> <n> <permutation...>' and 'split <n> <train|validation|test>=<speakers,...>'.
"""
import numpy as np

CASES = [(0, 1), (0, 2), (0, 3), (0, 5), (0, 10), (0, 17), (0, 100), (0, 1000), (1, 50), (12345, 257),
         (4294967295, 64), (7, 5000)]

lines = []
for seed, n in CASES:
    x = list(range(n))
    np.random.RandomState(seed).shuffle(x)
    lines.append("shuffle %d %d %s" % (seed, n, " ".join(map(str, x))))

# TFDS voxforge._get_inter_splits_by_group with split_number 0 and probs 0.7/0.1/0.2
def tfds_split(speakers):
    groups = sorted(set(speakers))
    rng = np.random.RandomState(0)
    rng.shuffle(groups)
    out, s, n = {}, 0.0, len(groups)
    probs = [("train", 0.7), ("validation", 0.1), ("test", 0.2)]
    for i, (name, p) in enumerate(probs):
        prev = s
        s += p
        end = n if i == len(probs) - 1 else int(s * n)
        out[name] = groups[int(prev * n):end]
    return out

for count in (10, 11, 100):
    speakers = ["spk%03d" % i for i in range(count)]
    split = tfds_split(speakers)
    lines.append("split %d %s" % (count, " ".join("%s=%s" % (k, ",".join(v)) for k, v in split.items())))

# the speakers of org.hares.testing.datasets.VoxForgeFixture
fixture = ["anonymous", "anonymous", "alice", "bob", "carl", "dora", "emil", "fritz", "gina", "hugo", "ivan", "jan", "kurt"]
split = tfds_split(fixture)
lines.append("fixture %s" % " ".join("%s=%s" % (k, ",".join(v)) for k, v in split.items()))

with open("numpy_shuffle_expected.txt", "w") as f:
    f.write("\n".join(lines) + "\n")
