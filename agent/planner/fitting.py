"""Fitting the learned planning stage on the written corpus; the weights are cached, never shipped.

``python -m agent.planner.train`` runs it ahead of the first request (``make setup`` does).

The corpus is every ``*.jsonl`` in ``agent/planner/data/corpus/`` (one request a line:
``{"text", "lang", "steps": [{"id", "tool", "depends_on"}], "attachments"?}``), written by people
who never saw the planner or the benchmark sets; a new slice there is picked up by the next fit.
A line that is not such a request is reported (file and line) and skipped.

Fitting (:func:`fit`): the rules plan every corpus request (their tool and edge counts are
features), the planner's encoder embeds every request once (cached on disk per encoder, like
the exemplars), then one scikit-learn logistic regression per head of
:class:`agent.planner.learned.Layout` (lbfgs, fixed seed) -- a couple of minutes on 2 cores.
The weights are cached in the user cache dir under a key made of the corpus bytes, the
planner's rule sources, the encoder name and every training setting (:func:`cache_key`), so an
edited corpus or rule can never run with stale weights; ``make setup`` runs this module to fit
them ahead of the first request. A cache file that cannot be read or does not match the SHA-256
recorded beside it (agent/durable.py) is fitted again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Sequence

import numpy as np

from agent.durable import load_verified, save_verified
from agent.errors import AtelierError, ConfigError
from agent.planner import learned
from agent.planner.learned import EDGE_CLASSES, TOOL_CLASSES, Layout, Observation, ShapeModel, plan_counts

log = logging.getLogger(__name__)

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"
# The labelled benchmark sets of a source checkout: a corpus line equal to one of them is never fitted on.
EVALUATION_DIR = Path(__file__).resolve().parents[2] / "bench" / "data"
C = 4.0          # inverse regularisation of every head (chosen by leave-slices-out validation on the corpus)
MIN_DF = 2       # hashed columns seen in fewer corpus lines are not fitted
MAX_ITER = 300  # lbfgs steps per head: at 100 a small change of the rules moved a set by 0.01-0.02 (refit noise)
LANGS = ("en", "ko")


class RulePlanner(Protocol):
    """What fitting needs of the planner (``EmbeddedPlanner``): its rules' view of a request, its
    encoder and the installed tools."""

    @property
    def encoder(self) -> Any: ...

    @property
    def specs(self) -> dict[str, Any]: ...

    def observe_text(self, text: str, attachments: Sequence[str] = ()) -> Observation: ...


@dataclass(frozen=True)
class CorpusRow:
    """One labelled request of the corpus."""

    text: str
    lang: str
    steps: tuple[dict[str, Any], ...]
    attachments: tuple[str, ...] = ()
    source: str = ""  # file:line, for messages


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def parse_row(line: str, source: str = "") -> CorpusRow:
    """A corpus line as a :class:`CorpusRow`; ``ValueError`` naming what is wrong."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from exc
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    text, lang, steps = row.get("text"), row.get("lang"), row.get("steps")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('"text" must be a non-empty string')
    if lang not in LANGS:
        raise ValueError(f'"lang" must be one of {", ".join(LANGS)}')
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        raise ValueError('"steps" must be a list of objects')
    ids = [step.get("id") for step in steps]
    for step in steps:
        if not isinstance(step.get("tool"), str) or not isinstance(step.get("id"), str):
            raise ValueError('every step needs a string "id" and "tool"')
        deps = step.get("depends_on", [])
        if not isinstance(deps, list) or any(dep not in ids or dep == step["id"] for dep in deps):
            raise ValueError(f'step {step["id"]}: "depends_on" must list other steps of the plan')
    attachments = row.get("attachments", [])
    if not isinstance(attachments, list) or not all(isinstance(a, str) for a in attachments):
        raise ValueError('"attachments" must be a list of artifact kinds')
    return CorpusRow(text, lang, tuple({"id": s["id"], "tool": s["tool"], "depends_on": list(s.get("depends_on", []))}
                                       for s in steps), tuple(attachments), source)


def load_corpus(directory: Path = CORPUS_DIR) -> list[CorpusRow]:
    """Every request of the corpus; a line that is not one is logged (file:line, why) and skipped."""
    rows: list[CorpusRow] = []
    for path in corpus_files(directory):
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            log.warning("planner corpus: %s cannot be read (%s); skipped", path, exc)
            continue
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                rows.append(parse_row(line, f"{path.name}:{number}"))
            except ValueError as exc:
                log.warning("planner corpus: %s:%d skipped: %s", path.name, number, exc)
    return rows


def _same(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def evaluation_files(directory: Path = EVALUATION_DIR) -> list[Path]:
    return sorted(directory.glob("planner_*.jsonl")) if directory.is_dir() else []


def drop_evaluation_lines(rows: Sequence[CorpusRow], directory: Path = EVALUATION_DIR, *,
                          files: Sequence[Path] | None = None) -> list[CorpusRow]:
    """``rows`` less any whose text equals (case, spacing and punctuation aside) a line of a
    benchmark set (``files``; default: the planner sets in ``directory``): the sets measure
    wordings nobody fitted on."""
    held: set[str] = set()
    for path in evaluation_files(directory) if files is None else files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                held.add(_same(str(json.loads(line)["text"])))
            except (ValueError, KeyError, TypeError):
                continue
    kept = [row for row in rows if _same(row.text) not in held]
    if len(kept) < len(rows):
        log.warning("planner corpus: %d line(s) equal to a benchmark line left out", len(rows) - len(kept))
    return kept


def _rule_sources() -> list[Path]:
    """The planner's rule and feature modules: their output is a feature, so they are part of the cache key
    (not the LLM planner, this trainer, nor ``reshape``, which only applies the heads' decision)."""
    here = Path(__file__).resolve().parent
    return sorted(p for p in here.glob("*.py")
                  if p.name not in ("llm.py", "llm_prompt.py", "train.py", "fitting.py", "reshape.py"))


def cache_key(encoder_name: str, directory: Path = CORPUS_DIR) -> str:
    """A digest of the corpus, the rule sources, the encoder and every training setting."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for path in corpus_files(directory) + _rule_sources() + evaluation_files():
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b"\0unreadable")
    settings = (C, MIN_DF, MAX_ITER, TOOL_CLASSES, EDGE_CLASSES, learned.CHAR_NGRAMS, learned.WORD_NGRAMS,
                learned.N_FEATURES, learned.WORD_WEIGHT, learned.EMBEDDING_WEIGHT, learned.FORMAT_VERSION,
                encoder_name, version("scikit-learn"))
    digest.update(repr(settings).encode())
    return digest.hexdigest()[:16]


def default_cache_dir() -> Path:
    """Where fitted weights are kept (the user's cache dir, under ``atelier/planner``)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("atelier", appauthor=False)) / "planner"


def cache_path(encoder_name: str, *, cache_dir: Path | None = None, directory: Path = CORPUS_DIR) -> Path:
    return (cache_dir or default_cache_dir()) / f"shape-{cache_key(encoder_name, directory)}.npz"


# ------------------------------------------------------------------------------------ fitting


def observe(planner: RulePlanner, rows: Sequence[CorpusRow]) -> list[Observation]:
    """What the learned stage reads of each corpus request, with the rules' plan of it."""
    return [planner.observe_text(row.text, row.attachments) for row in rows]


def embed(planner: RulePlanner, observations: Sequence[Observation], *, cache_dir: Path | None) -> np.ndarray:
    """The encoder's vectors of the requests (cached on disk per encoder and texts)."""
    from agent.encoder import cached_encode

    encoder = planner.encoder
    if encoder is None:
        return np.zeros((len(observations), 0), dtype=np.float32)
    return cached_encode(encoder, [o.encoder_text for o in observations], cache_dir=cache_dir)


def design_matrix(observations: Sequence[Observation], embeddings: np.ndarray, layout: Layout) -> tuple[Any, Any]:
    """(sparse hashed features as CSR over ``2 * N_FEATURES`` columns, dense block) of the requests."""
    import scipy.sparse as sp

    indptr, indices, values = [0], [], []
    for observation in observations:
        ids, vals = learned.sparse_features(observation)
        indices.append(ids)
        values.append(vals)
        indptr.append(indptr[-1] + len(ids))
    sparse = sp.csr_matrix((np.concatenate(values), np.concatenate(indices), np.array(indptr)),
                           shape=(len(observations), 2 * learned.N_FEATURES), dtype=np.float32)
    dense = np.stack([learned.dense_features(o, layout, e) for o, e in zip(observations, embeddings)])
    return sparse, dense


def targets(rows: Sequence[CorpusRow], layout: Layout) -> np.ndarray:
    """(rows, heads) integer labels: steps per tool, edges per type, capped at the top class; talk (no step)."""
    labels = np.zeros((len(rows), len(layout.heads)), dtype=np.int64)
    for index, row in enumerate(rows):
        tools, edges = plan_counts(row.steps)
        labels[index] = [min(tools[t], TOOL_CLASSES - 1) for t in layout.tools] + \
                        [min(edges[e], EDGE_CLASSES - 1) for e in layout.edges] + [0 if row.steps else 1]
    return labels


def fit(observations: Sequence[Observation], embeddings: np.ndarray, rows: Sequence[CorpusRow], layout: Layout,
        encoder_name: str, *, c: float = C) -> ShapeModel:
    """One logistic regression per head over the columns seen in at least ``MIN_DF`` lines."""
    import scipy.sparse as sp
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    sparse, dense = design_matrix(observations, embeddings, layout)
    used = np.flatnonzero(np.bincount(sparse.indices, minlength=sparse.shape[1]) >= MIN_DF)
    matrix = sp.hstack([sparse[:, used], sp.csr_matrix(dense)], format="csr")
    labels = targets(rows, layout)
    total = sum(layout.classes)
    weights = np.zeros((matrix.shape[1], total), dtype=np.float32)
    bias = np.full(total, -30.0, dtype=np.float32)  # a class never seen stays out of reach
    offset = 0
    for head, classes in enumerate(layout.classes):
        y = labels[:, head]
        seen = np.unique(y)
        if len(seen) == 1:
            bias[offset + int(seen[0])] = 0.0
        else:
            model = LogisticRegression(C=c, max_iter=MAX_ITER, random_state=0)
            with warnings.catch_warnings():  # MAX_ITER is a time budget (not every head converges in it)
                warnings.filterwarnings("ignore", category=ConvergenceWarning)
                model.fit(matrix, y)
            coef = model.coef_ if len(seen) > 2 else np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
            intercept = model.intercept_ if len(seen) > 2 else np.array([-model.intercept_[0] / 2,
                                                                         model.intercept_[0] / 2])
            for position, label in enumerate(model.classes_):
                weights[:, offset + int(label)] = coef[position]
                bias[offset + int(label)] = intercept[position]
        offset += classes
    return ShapeModel(layout=layout, encoder=encoder_name, columns=used.astype(np.int64),
                      sparse=weights[:len(used)], dense=weights[len(used):], bias=bias,
                      info={"corpus_lines": len(rows), "c": c})


def corpus_layout(rows: Sequence[CorpusRow], planner: RulePlanner) -> Layout:
    """Heads for every installed tool, and for every wireable edge type the corpus uses."""
    specs = planner.specs
    seen: set[tuple[str, str]] = set()
    for row in rows:
        seen.update(plan_counts(row.steps)[1])
    return Layout(tuple(sorted(specs)), tuple(e for e in learned.edge_types(specs) if e in seen))


def fit_planner(planner: RulePlanner, *, directory: Path = CORPUS_DIR, cache_dir: Path | None = None,
                rows: Sequence[CorpusRow] | None = None) -> ShapeModel:
    """Fit the heads for ``planner`` (its rules and encoder) on the corpus in ``directory``."""
    rows = drop_evaluation_lines(load_corpus(directory) if rows is None else rows)
    if not rows:
        raise ConfigError(f"the planner corpus in {directory} holds no usable line; restore agent/planner/data/corpus")
    observations = observe(planner, rows)
    embeddings = embed(planner, observations, cache_dir=cache_dir)
    encoder_name = planner.encoder.name if planner.encoder is not None else "none"
    return fit(observations, embeddings, rows, corpus_layout(rows, planner), encoder_name)


def cached_model(planner: RulePlanner, *, cache_dir: Path | None = None,
                 directory: Path = CORPUS_DIR) -> ShapeModel:
    """The heads for the current corpus, rules and encoder: read from the cache (SHA-256 verified, as the
    safety and encoder caches are), or fitted once and cached."""
    encoder_name = planner.encoder.name if planner.encoder is not None else "none"
    path = cache_path(encoder_name, cache_dir=cache_dir, directory=directory)

    def read(path: Path) -> ShapeModel | None:
        try:
            model = ShapeModel.load(path)
        except ConfigError as exc:  # digest matches but the file is not a weights file: fit again
            log.warning("%s; fitting it again", exc)
            return None
        if model.encoder != encoder_name:
            log.warning("%s was fitted with encoder %r; fitting it again", path, model.encoder)
            return None
        return model

    cached = load_verified(path, read)  # None when missing, damaged or not matching its digest
    if cached is not None:
        return cached
    if path.is_file():
        log.warning("the cached planner weights %s cannot be read (damaged or unverified); fitting it again", path)
    log.warning("fitting the planner's learned stage on its corpus (once per corpus and encoder, a few minutes) -> %s",
                path)
    model = fit_planner(planner, directory=directory, cache_dir=cache_dir)
    try:  # a temporary file renamed into place, with its digest beside it (agent/durable.py)
        save_verified(path, model.save)
    except (OSError, AtelierError) as exc:
        log.warning("could not cache the planner weights in %s (%s); they will be fitted again next time",
                    path.parent, exc)
    return model
