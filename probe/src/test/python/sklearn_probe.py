#!/usr/bin/env python3
"""scikit-learn's MLPClassifier with the settings of `ftprobe probe`, for the side-by-side benchmark (BENCHMARKS.md).

Reads a directory in the original DirectProbe layout (labels/tags.txt, entities/{train,test}.txt with
'example<TAB>label' per line, embeddings/{train,test}.txt with one whitespace-separated vector per line) and prints the
JSON object `ftprobe probe` prints (without directprobe_accuracy):

  {"best": {"hidden": [h1, h2], "alpha": a}, "test_accuracy": {"mean": m, "std": s, "runs": [...]},
   "grid": [{"hidden": [...], "alpha": a, "dev_accuracy": x}, ...], "seconds": t}

The same procedure as dev.ftprobe.probe.ClassifierProbe: a fifth of train held out (seeded), every grid setting fitted
on the rest with random_state=SEED and scored on the held-out part, the best (first on a tie) refitted on all of train
with random_state SEED+1 .. SEED+5 and scored on test (test labels missing from train count as errors). The split and
the fits use numpy's generator, so a seed does not give ftprobe's split or weights: compare accuracies, not digits.

Benchmark use only (Debian's python3-sklearn); never a runtime dependency of ftprobe.
Usage: sklearn_probe.py --data DIR [--probe-grid paper|small|SHAPES/ALPHAS] [--seed S]
"""
import argparse
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

SIZES = [32, 64, 128, 256]
GRIDS = {
    "paper": ([(h1, h2) for h1 in SIZES for h2 in SIZES], [10.0 ** e for e in range(-7, 1)]),
    "small": ([(32, 32), (64, 64)], [1e-4, 1e-2]),
}
HELD_OUT = 0.2
RUNS = 5


def parse_grid(value):
    """paper, small, or H1xH2[,H1xH2...]/ALPHA[,ALPHA...] as ProbeGrid.parse reads it."""
    v = value.strip().lower()
    if v in GRIDS:
        return GRIDS[v]
    try:
        shape_text, alpha_text = v.split("/")
        shapes = [tuple(int(h) for h in s.strip().split("x")) for s in shape_text.split(",")]
        alphas = [float(x) for x in alpha_text.split(",")]
        if any(len(s) != 2 or min(s) < 1 for s in shapes) or any(not (x >= 0) for x in alphas):
            raise ValueError
        return shapes, alphas
    except ValueError:
        sys.exit(f"unknown probe grid '{value.strip()}'; expected 'paper', 'small' or shapes/alphas like 256x128/1e-4")


def read_labels(path):
    with open(path, encoding="utf-8") as f:
        labels = sorted({line.strip() for line in f if line.strip()})
    if not labels:
        sys.exit(f"{path}: no labels")
    return labels


def read_split(data, split, labels):
    known = set(labels)
    ys = []
    path = f"{data}/entities/{split}.txt"
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if "\t" not in line:
                sys.exit(f"{path}:{n}: expected 'example<TAB>label'")
            label = line.rsplit("\t", 1)[1].strip()
            if label not in known:
                sys.exit(f"{path}:{n}: label '{label}' is not in the label set")
            ys.append(label)
    emb = f"{data}/embeddings/{split}.txt"
    x = np.loadtxt(emb, dtype=np.float64, ndmin=2)
    if x.shape[0] != len(ys):
        sys.exit(f"{emb}: {x.shape[0]} vectors for {len(ys)} examples")
    bad = np.argwhere(~np.isfinite(x))
    if len(bad):
        sys.exit(f"{emb}:{bad[0][0] + 1}: value {bad[0][1] + 1} is not finite")
    return x, np.array(ys)


def accuracy(model, x, y):
    # labels the model never saw are never predicted, so they count as errors
    return float(np.mean(model.predict(x) == y))


def mlp(shape, alpha, seed):
    # every other setting is MLPClassifier's default: relu, adam, lr 1e-3, batch min(200, n), tol 1e-4, 10 epochs
    return MLPClassifier(hidden_layer_sizes=shape, alpha=alpha, max_iter=1000, random_state=seed)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True)
    p.add_argument("--probe-grid", default="paper")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    shapes, alphas = parse_grid(a.probe_grid)
    labels = read_labels(f"{a.data}/labels/tags.txt")
    x_train, y_train = read_split(a.data, "train", labels)
    x_test, y_test = read_split(a.data, "test", labels)
    if len(set(y_train)) < 2:
        sys.exit(f"train has {len(set(y_train))} label; a classifier probe needs at least 2")
    unseen = sorted(set(y_test) - set(y_train))
    if unseen:
        print("test labels missing from train, scored as errors: " + ", ".join(unseen), file=sys.stderr)
    warnings.simplefilter("ignore", ConvergenceWarning)

    t0 = time.time()
    n = len(y_train)
    held = int(min(n - 1, max(1, round(n * HELD_OUT))))
    perm = np.random.RandomState(a.seed).permutation(n)
    dev, fit = np.sort(perm[:held]), np.sort(perm[held:])
    grid = []
    best = None
    for shape in shapes:
        for alpha in alphas:
            acc = accuracy(mlp(shape, alpha, a.seed).fit(x_train[fit], y_train[fit]), x_train[dev], y_train[dev])
            grid.append({"hidden": list(shape), "alpha": alpha, "dev_accuracy": acc})
            if best is None or acc > best["dev_accuracy"]:
                best = grid[-1]
    runs = [
        accuracy(mlp(tuple(best["hidden"]), best["alpha"], a.seed + 1 + r).fit(x_train, y_train), x_test, y_test)
        for r in range(RUNS)
    ]
    print(json.dumps({
        "best": {"hidden": best["hidden"], "alpha": best["alpha"]},
        "test_accuracy": {"mean": float(np.mean(runs)), "std": float(np.std(runs)), "runs": runs},
        "grid": grid,
        "seconds": time.time() - t0,
    }))


if __name__ == "__main__":
    main()
