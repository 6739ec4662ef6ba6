"""Fit the trained safety stage on its corpus; the weights are cached per corpus, never shipped.

    python -m persona.safety.train [--corpus] [--out PATH]   # --corpus first regenerates data/train_*.jsonl

The model is a multinomial logistic regression (scikit-learn, lbfgs, fixed seed) over the
hashed features of :mod:`persona.safety.trained`, trained on two corpora:

* ``data/train_{en,ko}.jsonl``: hand lines and slot templates (:mod:`persona.safety.train_corpus`);
* ``data/written/*.jsonl``: ~13,600 lines written one by one, English and Korean, in slices
  (abuse, risk, injection, everyday, implicit harm, generation prompts, NPC output, short, long,
  obfuscated, first-person, plain user and NPC chat, how-to). Their writers never saw the
  benchmark sets or the classifier; this is what lets the stage generalise to wordings nobody
  wrote a rule for.

Fitting takes 10-20 s and happens once per corpus on a machine (:func:`cached_weights`, in the
user cache dir; ``make setup`` runs this module to do it ahead); the result is deterministic for
a given corpus and scikit-learn version. No benchmark line under ``bench/data`` is ever fitted on
(a test checks it). ``C``, the class weights and the stage's threshold
(``classifier.TRAINED_FLOOR``) were chosen on the dev, fresh, fresh2, fresh3, holdout and fresh4
sets; ``safety_fresh5.jsonl`` and ``safety_fresh6.jsonl`` were kept apart as final tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from agent.durable import load_verified, save_verified
from agent.errors import AtelierError
from persona.safety.normalize import normalize
from persona.safety.train_corpus import DATA_DIR, LABELS
from persona.safety.trained import (CHAR_NGRAMS, N_FEATURES, WORD_NGRAMS, WORD_WEIGHT, LinearWeights, feature_text,
                                    featurize)

log = logging.getLogger(__name__)

WRITTEN = "written"  # hand-written lines, one file per slice (abuse, risk, injection, everyday, ...)
MIN_DF = 3  # 2 and 3 scored the same on the validation sets
C = 64.0  # inverse regularisation; 32 and 128 did as well on the validation sets, 8 lost recall


def corpus_files(directory: Path = DATA_DIR) -> list[Path]:
    """The template corpus (``train_{en,ko}.jsonl``) and the hand-written one (``written/*.jsonl``)."""
    return [directory / "train_en.jsonl", directory / "train_ko.jsonl", *sorted((directory / WRITTEN).glob("*.jsonl"))]


def load_corpus(directory: Path = DATA_DIR) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for path in corpus_files(directory):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(row["label"])
    return texts, labels


def class_weights(labels: list[str]) -> dict[str, float]:
    """Half-way to balanced (the square root of scikit-learn's "balanced" weights).

    Fully balanced weights shrink the benign class (about a third of the corpus) so far that short
    everyday lines ("How can I help?") tipped into a harmful class; none at all lost recall."""
    counts = Counter(labels)
    return {label: (len(labels) / (len(counts) * count)) ** 0.5 for label, count in counts.items()}


def fit(texts: list[str], labels: list[str], *, c: float = C) -> LinearWeights:
    """Fit on raw lines; returns the weights restricted to the columns the model uses."""
    from sklearn.linear_model import LogisticRegression

    features = featurize([feature_text(normalize(t)) for t in texts])
    # Fit on the hashed columns seen in at least MIN_DF lines: n-grams of one line only are noise
    # to generalise from, and dropping them keeps the cached file near 1 MiB instead of 4.
    used = np.flatnonzero(np.bincount(features.indices, minlength=features.shape[1]) >= MIN_DF)
    model = LogisticRegression(C=c, max_iter=3000, class_weight=class_weights(labels), random_state=0)
    model.fit(features[:, used], labels)
    order = [list(model.classes_).index(label) for label in LABELS]
    weights = model.coef_[order].T.astype(np.float32)
    return LinearWeights(labels=LABELS, columns=used.astype(np.int64), weights=weights,
                         bias=model.intercept_[order].astype(np.float32))


def corpus_key(directory: Path = DATA_DIR) -> str:
    """A digest of the corpus files and every training setting: the name of the cached weights."""
    import sklearn

    digest = hashlib.sha256()
    for path in corpus_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    settings = (C, MIN_DF, CHAR_NGRAMS, WORD_NGRAMS, N_FEATURES, WORD_WEIGHT, LABELS, sklearn.__version__)
    digest.update(repr(settings).encode())
    return digest.hexdigest()[:16]


def default_cache_dir() -> Path:
    """Where fitted weights are kept (the user's cache dir, under ``atelier/safety``)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("atelier", appauthor=False)) / "safety"


def cache_path(*, cache_dir: Path | None = None, directory: Path = DATA_DIR) -> Path:
    """The cache file of the weights for the corpus in ``directory``."""
    return (cache_dir or default_cache_dir()) / f"trained-{corpus_key(directory)}.npz"


def cached_weights(*, cache_dir: Path | None = None, directory: Path = DATA_DIR) -> LinearWeights:
    """The weights for the current corpus: read from the cache, or fitted once and cached.

    The weights are not shipped: they are a product of the corpus in the repository, keyed by
    :func:`corpus_key`, so an edited corpus can never run with stale weights. The first call on a
    machine fits them (about 10-20 s; ``make setup`` does it ahead of time)."""
    path = cache_path(cache_dir=cache_dir, directory=directory)
    cached = load_verified(path, LinearWeights.load)  # None when missing, damaged or not matching its digest
    if cached is not None:
        return cached
    if path.is_file():
        log.warning("the cached safety model %s is damaged; fitting it again", path)
    log.warning("fitting the embedded safety model on its corpus (once per corpus, about 10-20 s) -> %s", path)
    texts, labels = load_corpus(directory)
    weights = fit(texts, labels)
    try:  # a temporary file renamed into place, with its digest beside it (agent/durable.py)
        save_verified(path, lambda partial: weights.save(partial, corpus_lines=len(texts), c=C))
    except (OSError, AtelierError) as exc:
        log.warning("could not cache the safety model in %s (%s); it will be fitted again next time", path.parent, exc)
    return weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m persona.safety.train", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="store_true", help="regenerate data/train_*.jsonl first")
    parser.add_argument("--out", type=Path, default=None, help="write the weights here (default: the user cache)")
    args = parser.parse_args(argv)
    if args.corpus:
        from persona.safety.train_corpus import write

        print(write())
    started = time.perf_counter()
    if args.out is None:
        weights, out = cached_weights(), cache_path()
    else:
        texts, labels = load_corpus()
        weights = fit(texts, labels)
        weights.save(args.out, corpus_lines=len(texts), c=C)
        out = args.out
    print(f"safety model ready in {time.perf_counter() - started:.1f} s: {len(weights.columns)} columns, "
          f"{out.stat().st_size / 1024:.0f} KiB -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
