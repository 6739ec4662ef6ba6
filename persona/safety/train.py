"""Fit the trained safety stage offline and write ``persona/safety/data/trained_linear.npz``.

    python -m persona.safety.train [--corpus]   # --corpus first regenerates data/train_*.jsonl

The model is a multinomial logistic regression (scikit-learn, lbfgs, fixed seed) over the
hashed features of :mod:`persona.safety.trained`, trained on ``data/train_en.jsonl`` and
``data/train_ko.jsonl`` only. Fitting takes a few seconds; the result is deterministic for a
given corpus and scikit-learn version. The benchmark sets under ``bench/data`` are never fitted
on (the corpus generator reads them only to drop accidental duplicates); the stage's threshold (``classifier.TRAINED_FLOOR``) was chosen on ``safety_dev.jsonl``
with the trained-only dev curve (highest recall at a dev false-positive rate <= 0.03).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from persona.safety.normalize import normalize
from persona.safety.train_corpus import DATA_DIR, LABELS
from persona.safety.trained import MODEL_FILE, LinearWeights, feature_text, featurize

C = 64.0  # chosen on safety_dev (trained stage alone, recall at FPR <= 0.05); 2, 8, 32, 256 did no better


def load_corpus(directory: Path = DATA_DIR) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for language in ("en", "ko"):
        for line in (directory / f"train_{language}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(row["label"])
    return texts, labels


def fit(texts: list[str], labels: list[str], *, c: float = C) -> LinearWeights:
    """Fit on raw lines; returns the weights restricted to the columns that occur."""
    from sklearn.linear_model import LogisticRegression

    features = featurize([feature_text(normalize(t)) for t in texts])
    used = np.unique(features.indices)  # fit on the columns that occur: same model, far faster
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=0)
    model.fit(features[:, used], labels)
    order = [list(model.classes_).index(label) for label in LABELS]
    weights = model.coef_[order].T.astype(np.float32)
    return LinearWeights(labels=LABELS, columns=used.astype(np.int64), weights=weights,
                         bias=model.intercept_[order].astype(np.float32))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m persona.safety.train", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="store_true", help="regenerate data/train_*.jsonl first")
    parser.add_argument("--out", type=Path, default=DATA_DIR / MODEL_FILE)
    args = parser.parse_args(argv)
    if args.corpus:
        from persona.safety.train_corpus import write

        print(write())
    texts, labels = load_corpus()
    started = time.perf_counter()
    weights = fit(texts, labels)
    weights.save(args.out, corpus_lines=len(texts), c=C)
    print(f"trained on {len(texts)} lines in {time.perf_counter() - started:.1f} s: {len(weights.columns)} columns, "
          f"{args.out.stat().st_size / 1024:.0f} KiB -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
