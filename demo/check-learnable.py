#!/usr/bin/python3
"""Log-mel baseline on each demo task: proves every task is learnable but not trivial.

    /usr/bin/python3 demo/check-learnable.py [--suite demo/suite] [--tasks esc50 ...]

Features, as hares defines its log-mel baseline: torchaudio MelSpectrogram (16 kHz, n_fft 512,
win 400, hop 160, 60-7800 Hz, 128 HTK mels, power 2, centred/reflect), log(x + 1e-6),
standardised over each model window (mean/std of all its bins, std floored at 1e-5), then the
per-bin mean and std over time (256 values); with several windows per clip, the window
features are averaged. A scikit-learn LogisticRegression (features scaled on the training set)
is trained on the task's train split and scored on its test split (ESC-50: the mean over the
5 leave-one-fold-out splits). Splits and labels are read from the official metadata only.
Before scoring, each reader checks the layout rules of the real dataset (file names against
metadata, 16 kHz mono, clip lengths, one fold per ESC-50 source file, speakers and NSynth
instruments confined to one split) and stops with "layout error: ..." on a violation.
Prints chance (1/#classes in the test set, and the majority-class rate) and the accuracy.
The check passes when accuracy >= 2 x chance and < 100 % on every task.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torchaudio
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SR = 16000
MEL = torchaudio.transforms.MelSpectrogram(
    sample_rate=SR, n_fft=512, win_length=400, hop_length=160, f_min=60.0, f_max=7800.0,
    n_mels=128, power=2.0, mel_scale="htk", norm=None, center=True, pad_mode="reflect")


def load(path):
    x, sr = torchaudio.load(str(path))
    x = x.mean(dim=0)
    if sr != SR:
        x = torchaudio.functional.resample(x, sr, SR)
    return x


def window_features(crop):
    """(256,) per-bin mean and std over time of the standardised log-mel of one window."""
    logmel = torch.log(MEL(crop) + 1e-6)  # (128, frames)
    logmel = (logmel - logmel.mean()) / torch.clamp(logmel.std(unbiased=False), min=1e-5)
    return torch.cat([logmel.mean(dim=1), logmel.std(dim=1, unbiased=False)]).numpy()


def clip_features(x, window_s):
    """Windows of window_s seconds covering the clip (last one zero-padded); None = whole clip."""
    if window_s is None:
        return window_features(x)
    n = int(window_s * SR)
    count = max(1, -(-x.numel() // n))
    x = torch.nn.functional.pad(x, (0, count * n - x.numel()))
    return np.mean([window_features(x[i * n:(i + 1) * n]) for i in range(count)], axis=0)


# ----------------------------------------------------------------------- task readers
# Each reader also checks the layout rules the real datasets follow and fails on a violation.

def expect(condition, message):
    if not condition:
        sys.exit(f"layout error: {message}")


def duration(path):
    info = torchaudio.info(str(path))
    expect(info.sample_rate == SR and info.num_channels == 1,
           f"{path}: expected 16 kHz mono, found {info.sample_rate} Hz x {info.num_channels}")
    return info.num_frames / info.sample_rate


def esc50(root):
    base = root / "ESC-50-master"
    with open(base / "meta" / "esc50.csv") as f:
        rows = list(csv.DictReader(f))
    fold_of_source = {}
    for r in rows:
        fold, src, take, target = r["filename"][:-len(".wav")].split("-")
        expect([fold, src, take, target] == [r["fold"], r["src_file"], r["take"], r["target"]],
               f"esc50.csv row {r} does not match its file name")
        expect(fold_of_source.setdefault(src, fold) == fold, f"source {src} is in two folds")
        expect(duration(base / "audio" / r["filename"]) == 5.0, f"{r['filename']} is not 5 s")
    return [(base / "audio" / r["filename"], r["category"], int(r["fold"])) for r in rows]


def speech_commands_v2(root):
    base = root / "speech_commands_v0.02"
    val = set((base / "validation_list.txt").read_text().split())
    test = set((base / "testing_list.txt").read_text().split())
    clips = []
    for word_dir in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("_")):
        for wav in sorted(word_dir.glob("*.wav")):
            rel = f"{word_dir.name}/{wav.name}"
            split = "test" if rel in test else ("validation" if rel in val else "train")
            clips.append((wav, word_dir.name, split))
            expect(duration(wav) == 1.0, f"{wav} is not 1 s")
    for listed in val | test:
        expect((base / listed).exists(), f"{listed} is listed but absent")
    split_of_speaker = {}
    for wav, _, split in clips:
        speaker = wav.name.split("_nohash_")[0]
        expect(split_of_speaker.setdefault(speaker, split) == split, f"speaker {speaker} in two splits")
    return clips


def voxforge(root):
    """TFDS construction: speaker = archive name before the first '-', language = 2 chars before
    /Trunk, sorted speakers shuffled with RandomState(0), cut at int(0.7n) and int(0.8n)."""
    base = root / "voxforge"
    archives = [line.strip() for line in (base / "voxforge_urls.txt").read_text().splitlines() if line.strip()]
    speakers = sorted({a.rsplit("/", 1)[1].split("-")[0] for a in archives})
    rng = np.random.RandomState(0)
    rng.shuffle(speakers)
    n = len(speakers)
    split_of = {}
    for name, lo, hi in [("train", 0, int(0.7 * n)), ("validation", int(0.7 * n), int(0.8 * n)),
                         ("test", int(0.8 * n), n)]:
        for s in speakers[lo:hi]:
            split_of[s] = name
    clips = []
    for a in archives:
        folder = base / a[:-len(".tgz")]
        lang = a[a.index("/Trunk") - 2:a.index("/Trunk")]
        speaker = a.rsplit("/", 1)[1].split("-")[0]
        wavs = sorted(folder.rglob("*.wav"))
        expect(len(wavs) > 0 and (folder / "etc" / "PROMPTS").exists(), f"{folder}: no wav/*.wav or etc/PROMPTS")
        for wav in wavs:
            duration(wav)
            clips.append((wav, lang, split_of[speaker]))
    return clips


def nsynth(root, field):
    clips = []
    instruments = {}
    for split in ["train", "valid", "test"]:
        base = root / "nsynth" / f"nsynth-{split}"
        examples = json.loads((base / "examples.json").read_text())
        for note_str, ex in sorted(examples.items()):
            expect(ex["note_str"] == note_str and note_str.startswith(ex["instrument_str"] + "-"),
                   f"{note_str}: inconsistent note_str/instrument_str")
            expect(duration(base / "audio" / f"{note_str}.wav") == 4.0, f"{note_str}.wav is not 4 s")
            instruments.setdefault(ex["instrument_str"], set()).add(split)
            clips.append((base / "audio" / f"{note_str}.wav", ex[field],
                          {"valid": "validation"}.get(split, split)))
    expect(all(len(s) == 1 for s in instruments.values()), "an instrument occurs in two splits")
    return clips


# name -> (reader, window seconds or None for the whole clip); windows follow tasks.md §1.4
TASKS = {
    "esc50": (esc50, None),
    "speech_commands_v2": (speech_commands_v2, None),
    "voxforge": (voxforge, 3.0),
    "nsynth_instrument": (lambda r: nsynth(r, "instrument_family_str"), None),
    "nsynth_pitch": (lambda r: nsynth(r, "pitch"), 1.0),
}


def classifier():
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))


def score(x_train, y_train, x_test, y_test):
    model = classifier().fit(x_train, y_train)
    acc = float(np.mean(model.predict(x_test) == y_test))
    labels, counts = np.unique(y_train, return_counts=True)
    majority = labels[np.argmax(counts)]
    return acc, 1.0 / len(np.unique(y_test)), float(np.mean(y_test == majority))


def evaluate(name, root):
    reader, window = TASKS[name]
    clips = reader(root)
    feats = np.stack([clip_features(load(path), window) for path, _, _ in clips])
    labels = np.array([str(c[1]) for c in clips])
    groups = [c[2] for c in clips]
    if name == "esc50":
        folds = np.array(groups)
        results = [score(feats[folds != k], labels[folds != k], feats[folds == k], labels[folds == k])
                   for k in range(1, 6)]
        acc, uniform, majority = (float(np.mean([r[i] for r in results])) for i in range(3))
        sizes = f"5 folds of {', '.join(str(int(np.sum(folds == k))) for k in range(1, 6))} clips"
    else:
        split = np.array(groups)
        tr, te = split == "train", split == "test"
        acc, uniform, majority = score(feats[tr], labels[tr], feats[te], labels[te])
        sizes = f"train {int(tr.sum())}, test {int(te.sum())}"
    n_classes = len(np.unique(labels))
    chance = max(uniform, majority)
    ok = 2 * chance <= acc < 1.0
    print(f"{name:20s} {n_classes:3d} classes  {sizes:34s} chance {100 * uniform:5.1f} % "
          f"(majority {100 * majority:5.1f} %)  log-mel baseline {100 * acc:5.1f} %  "
          f"{'ok' if ok else 'FAIL'}", flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", type=Path, default=Path(__file__).resolve().parent / "suite")
    ap.add_argument("--tasks", nargs="*", default=list(TASKS))
    args = ap.parse_args()
    torch.set_num_threads(1)
    results = [evaluate(t, args.suite) for t in args.tasks]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
