"""The learned planning stage: how many steps of each tool a request asks for, and which feeds which.

The rules of the embedded planner are exact where the words are: quotes (what to say), file
names, numbers, subjects and settings (``slots``), references to uploads and earlier turns. What
they cannot do well is decide, for wordings nobody wrote a rule for, the *shape* of the plan.
That is predicted here, by linear heads fitted on the written corpus of request → plan pairs
(``agent/planner/data/corpus/*.jsonl``, see :mod:`agent.planner.fitting`):

* one head per tool: the number of its steps (0, 1, 2, 3, 4+);
* one head per edge type (producer tool → consumer tool, e.g. ``image>mesh``): the number of
  such edges in the plan (0, 1, 2, 3+);
* one talk head: whether the request asks for nothing (praise, thanks, a question that names a
  tool: docs/plan-conventions.md rule 1). The rules' talk gates are features of it, not a final
  word: "can the image tool do transparent PNGs?" routes to ``image`` by its words, and "8초짜리
  영상 한 편이 필요합니다" reads as a statement to the gates; the head weighs both against the words.

The corpus labels whole requests, not clauses, so the heads read the whole request. Metrics
count tools and edges as multisets of tool names and tool pairs, and so do the heads: which
picture feeds which model follows from the order of the steps (:mod:`agent.planner.reshape`).

Features of one request (``features``):

* hashed character 2-4-grams of the request (quotes masked as ``qqq``, file names as their kind);
* hashed word 1-2-grams (whitespace words in both languages: Kiwi morphemes for Korean measured
  no better on the dev sets -- one or two requests in two hundred -- and cost 2-3 s of CPU in a
  cold process, over the 2 s budget of a cold ``app.py plan``; character n-grams already see
  Korean particles and endings);
* a small dense block: language, the number of quotes, the kinds of uploads and of files named,
  the number of clauses, the tool and edge counts of the plan the rules made (the heads learn
  where the rules are right and where the words say otherwise), and what the rules' talk gates
  said of the clauses (which kinds of talk, how many clauses, whether every clause is talk);
* the sentence embedding of the request from the planner's encoder (whatever encoder the planner
  was built with; the weights are fitted per encoder).

The heads' decision is applied to the rules' plan by :func:`agent.planner.reshape.realize`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from agent.errors import ConfigError
from agent.planner.segment import PLACEHOLDER, MaskedText
from agent.tool import ToolSpec
from agent.types import Step, refs_in

TOOL_CLASSES = 5  # 0, 1, 2, 3, 4 or more steps of a tool
EDGE_CLASSES = 4  # 0, 1, 2, 3 or more edges of a type
RULE_COUNT_CAP = 3
N_FEATURES = 2 ** 20
CHAR_NGRAMS = (2, 4)
WORD_NGRAMS = (1, 2)
WORD_WEIGHT = 0.8
EMBEDDING_WEIGHT = 1.0
FORMAT_VERSION = 3
ATTACHMENT_KINDS = ("audio", "image", "video", "mesh", "motion")
TALK_HEAD = "talk"
# The rules' talk reasons (routing.py), grouped into the kinds the talk features name.
TALK_KINDS: dict[str, str] = {
    "greeting or thanks": "thanks", "praise or opinion of an existing asset": "praise",
    "praise or report about an earlier asset": "praise", "hands over an upload": "upload",
    "asks to explain or tell": "explain", "capability question": "question", "question": "question",
    "question about experience": "question", "statement": "statement", "says what it is for": "purpose",
    "names an earlier asset": "earlier",
}
_TALK_COLUMNS = ("thanks", "praise", "upload", "explain", "question", "statement", "purpose", "earlier", "other")

# A file named in the text: its stem says nothing about the plan, its kind does.
_FILE_KINDS = {
    **dict.fromkeys(("wav", "mp3", "ogg", "flac", "m4a", "aac", "opus", "wma"), "audio"),
    **dict.fromkeys(("png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff", "psd", "exr", "hdr"), "image"),
    **dict.fromkeys(("mp4", "mov", "webm", "avi", "mkv", "m4v"), "video"),
    **dict.fromkeys(("glb", "gltf", "obj", "fbx", "stl", "ply", "usdz", "blend"), "mesh"),
    **dict.fromkeys(("bvh",), "motion"),
    **dict.fromkeys(("txt", "md", "srt", "json", "csv", "pdf", "docx"), "text"),
}
FILE_NAME = re.compile(r"(?<![\w/.])[\w\-]+(?:\.[\w\-]+)*\.(" + "|".join(sorted(_FILE_KINDS, key=len, reverse=True))
                       + r")(?![A-Za-z0-9_])", re.IGNORECASE)  # "anchor.png라는": a Korean particle may follow
_WORDS = re.compile(r"(?u)[\w']+")
_SPACES = re.compile(r"\s+")


def named_files(text: str) -> list[tuple[str, str]]:
    """``(file name, kind)`` of each file named in ``text`` ("transcribe example.wav")."""
    return [(match.group(0), _FILE_KINDS[match.group(1).lower()]) for match in FILE_NAME.finditer(text)]


@dataclass(frozen=True)
class Layout:
    """The tools and edge types the heads predict, in head order."""

    tools: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]

    @property
    def heads(self) -> tuple[str, ...]:
        return tuple(f"tool:{t}" for t in self.tools) + tuple(f"edge:{a}>{b}" for a, b in self.edges) + (TALK_HEAD,)

    @property
    def classes(self) -> tuple[int, ...]:
        return (TOOL_CLASSES,) * len(self.tools) + (EDGE_CLASSES,) * len(self.edges) + (2,)

    @property
    def dense_meta(self) -> int:
        return (1 + 6 + len(ATTACHMENT_KINDS) + 6 + 6 + (RULE_COUNT_CAP + 1) * len(self.tools) + 3 * len(self.edges)
                + len(_TALK_COLUMNS) + 4)


def edge_types(specs: Mapping[str, ToolSpec]) -> tuple[tuple[str, str], ...]:
    """Every (producer, consumer) pair the installed tools can wire: something the producer makes
    is a kind some input of the consumer takes."""
    pairs = []
    for consumer, spec in sorted(specs.items()):
        accepted = {kind for kinds in spec.consumes.values() for kind in kinds}
        for producer, other in sorted(specs.items()):
            if accepted & set(other.produces):
                pairs.append((producer, consumer))
    return tuple(pairs)


@dataclass(frozen=True)
class Observation:
    """What the learned stage reads of one request (everything but the embedding)."""

    masked: MaskedText
    language: str
    clauses: int
    attachments: tuple[str, ...]  # kinds of the uploads that came with it
    rule_steps: tuple[Step, ...]  # the plan the rules made
    talk: tuple[str | None, ...] = ()  # each clause's talk reason from the rules' gates (None: not talk)

    @property
    def view(self) -> str:
        """The text the n-gram features read: quotes as ``qqq``, file names as their kind."""
        text = PLACEHOLDER.sub(" qqq ", self.masked.text)
        text = FILE_NAME.sub(lambda m: f" {_FILE_KINDS[m.group(1).lower()]}file ", text)
        return _SPACES.sub(" ", text).strip().lower()

    @property
    def encoder_text(self) -> str:
        """What the sentence encoder reads: the request with each quote as ``"..."``."""
        return PLACEHOLDER.sub('"..."', self.masked.text)


def plan_counts(steps: Sequence[Any]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Tool counts and edge-type counts of a plan (``Step`` objects or mappings)."""
    def get(step: Any, key: str) -> Any:
        return step[key] if isinstance(step, Mapping) else getattr(step, key)

    tools = {get(step, "id"): get(step, "tool") for step in steps}
    tool_counts: Counter[str] = Counter(tools.values())
    edges: Counter[tuple[str, str]] = Counter()
    for step in steps:
        deps = list(get(step, "depends_on") or [])
        args = step.get("args", {}) if isinstance(step, Mapping) else step.args
        deps += [ref["$ref"] for value in (args or {}).values() for ref in refs_in(value) if "$ref" in ref]
        for dep in dict.fromkeys(deps):
            if dep in tools:
                edges[(tools[dep], get(step, "tool"))] += 1
    return tool_counts, edges


# ------------------------------------------------------------------------------------ features


def _hash_ids(grams: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed feature ids (CRC-32, no scikit-learn on the planning path) and l2-normalised counts."""
    if not grams:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    ids = np.fromiter((zlib.crc32(gram.encode("utf-8")) % N_FEATURES for gram in grams), dtype=np.int64,
                      count=len(grams))
    unique, counts = np.unique(ids, return_counts=True)
    values = counts.astype(np.float32)
    return unique, values / np.float32(np.sqrt((values * values).sum()))


def _char_grams(text: str) -> list[str]:
    grams = []
    low, high = CHAR_NGRAMS
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def _word_grams(tokens: Sequence[str]) -> list[str]:
    grams = [f"w:{token}" for token in tokens]
    if WORD_NGRAMS[1] >= 2:
        grams += [f"w:{a} {b}" for a, b in zip(tokens, tokens[1:])]
    return grams


def word_tokens(view: str, language: str) -> list[str]:
    """The words of ``view`` (``language`` is kept for a tokeniser per language)."""
    return _WORDS.findall(view)


def sparse_features(observation: Observation) -> tuple[np.ndarray, np.ndarray]:
    """Hashed ids (char columns, then word columns offset by ``N_FEATURES``) and their values."""
    view = observation.view
    char_ids, char_values = _hash_ids(_char_grams(view))
    word_ids, word_values = _hash_ids(_word_grams(word_tokens(view, observation.language)))
    return (np.concatenate([char_ids, word_ids + N_FEATURES]),
            np.concatenate([char_values, word_values * WORD_WEIGHT]).astype(np.float32))


def _one_hot(value: int, size: int) -> list[float]:
    row = [0.0] * size
    row[min(max(value, 0), size - 1)] = 1.0
    return row


def meta_features(observation: Observation, layout: Layout) -> np.ndarray:
    """The dense block before the embedding (see :attr:`Layout.dense_meta`)."""
    files = Counter(kind for _, kind in named_files(observation.masked.text))
    row: list[float] = [1.0 if observation.language == "ko" else 0.0]
    row += _one_hot(len(observation.masked.quotes), 6)
    row += [1.0 if kind in observation.attachments else 0.0 for kind in ATTACHMENT_KINDS]
    row += [1.0 if files[kind] else 0.0 for kind in ATTACHMENT_KINDS + ("text",)]
    row += _one_hot(observation.clauses - 1, 6)
    tools, edges = plan_counts(observation.rule_steps)
    for tool in layout.tools:
        row += _one_hot(tools[tool], RULE_COUNT_CAP + 1)
    for edge in layout.edges:
        row += _one_hot(edges[edge], 3)
    return np.asarray(row + talk_features(observation), dtype=np.float32)


def talk_features(observation: Observation) -> list[float]:
    """What the rules' talk gates said: each kind of talk reason seen, the share of clauses that are talk,
    every clause talk, the rules planned nothing, and the request ends in a question mark."""
    kinds = {TALK_KINDS.get(reason, "other") for reason in observation.talk if reason is not None}
    talking = sum(reason is not None for reason in observation.talk)
    share = talking / len(observation.talk) if observation.talk else 0.0
    every = 1.0 if observation.talk and talking == len(observation.talk) else 0.0
    text = observation.masked.text.rstrip(" .!~ㅋㅎ)\n")
    return ([1.0 if kind in kinds else 0.0 for kind in _TALK_COLUMNS]
            + [share, every, 0.0 if observation.rule_steps else 1.0, 1.0 if text.endswith("?") else 0.0])


def dense_features(observation: Observation, layout: Layout, embedding: np.ndarray) -> np.ndarray:
    return np.concatenate([meta_features(observation, layout), np.asarray(embedding, np.float32) * EMBEDDING_WEIGHT])


# ------------------------------------------------------------------------------------ weights


@dataclass(frozen=True)
class PlanShape:
    """What the heads predict for one request: steps per tool and edges per type, with each head's
    class probabilities (``probabilities["tool:image"][k]``: the chance of ``k`` image steps)."""

    tools: dict[str, int]
    edges: dict[tuple[str, str], int]
    probabilities: dict[str, np.ndarray] = field(default_factory=dict, compare=False)
    talk: float = 0.0  # the talk head's probability that the request asks for no step at all

    @property
    def is_talk(self) -> bool:
        return self.talk >= 0.5

    def chance(self, head: str, count: int) -> float:
        """The probability a head gives ``count`` (capped at its top class); 1.0 for the predicted
        count of a head it has no probabilities for."""
        probabilities = self.probabilities.get(head)
        if probabilities is None:
            kind, _, name = head.partition(":")
            predicted = self.tools.get(name, 0) if kind == "tool" else self.edges.get(tuple(name.split(">")), 0)  # type: ignore[call-overload]
            return 1.0 if count == predicted else 0.0
        return float(probabilities[min(count, len(probabilities) - 1)])


@dataclass(frozen=True)
class ShapeModel:
    """Fitted linear heads over the hashed columns they use plus the dense block."""

    layout: Layout
    encoder: str            # the encoder name the dense block was fitted with
    columns: np.ndarray     # sorted int64 hashed ids
    sparse: np.ndarray      # (len(columns), sum(classes)) float32
    dense: np.ndarray       # (dense dim, sum(classes)) float32
    bias: np.ndarray        # (sum(classes),) float32
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def offsets(self) -> list[int]:
        return [0, *np.cumsum(self.layout.classes).tolist()]

    def logits(self, ids: np.ndarray, values: np.ndarray, dense: np.ndarray) -> np.ndarray:
        positions = np.minimum(np.searchsorted(self.columns, ids), len(self.columns) - 1)
        known = self.columns[positions] == ids
        return self.bias + values[known] @ self.sparse[positions[known]] + dense @ self.dense

    def predict(self, observation: Observation, embedding: np.ndarray) -> PlanShape:
        ids, values = sparse_features(observation)
        logits = self.logits(ids, values, dense_features(observation, self.layout, embedding))
        return self.decode(logits)

    def decode(self, logits: np.ndarray) -> PlanShape:
        """The argmax of each head, made consistent (no edge without both its tools), with the
        probabilities of every head."""
        offsets = self.offsets
        counts: list[int] = []
        probabilities: dict[str, np.ndarray] = {}
        for index, head in enumerate(self.layout.heads):
            part = logits[offsets[index]:offsets[index + 1]]
            part = np.exp(part - part.max())
            part /= part.sum()
            counts.append(int(part.argmax()))
            probabilities[head] = part
        n_tools, n_edges = len(self.layout.tools), len(self.layout.edges)
        tools = dict(zip(self.layout.tools, counts[:n_tools]))
        edges: dict[tuple[str, str], int] = {}
        for (producer, consumer), count in zip(self.layout.edges, counts[n_tools:n_tools + n_edges]):
            most = tools[producer] - 1 if producer == consumer else tools[producer] * tools[consumer]
            if count and most > 0:
                edges[(producer, consumer)] = min(count, most)
        talk = float(probabilities.pop(TALK_HEAD)[1])
        return PlanShape({t: n for t, n in tools.items() if n}, edges, probabilities, talk)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path, version=np.array(FORMAT_VERSION), tools=np.array(self.layout.tools),
            edges=np.array([f"{a}>{b}" for a, b in self.layout.edges] or [""]), encoder=np.array(self.encoder),
            columns=self.columns, sparse=self.sparse.astype(np.float16), dense=self.dense.astype(np.float32),
            bias=self.bias, info=np.array(repr(sorted(self.info.items()))))

    @classmethod
    def load(cls, path: Path) -> "ShapeModel":
        """The weights in ``path``; ``ConfigError`` when the file is not a complete weights file."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["version"]) != FORMAT_VERSION:
                    raise ValueError(f"format {int(data['version'])}, expected {FORMAT_VERSION}")
                edges = tuple(tuple(item.split(">")) for item in data["edges"].tolist() if item)
                layout = Layout(tuple(data["tools"].tolist()), edges)  # type: ignore[arg-type]
                model = cls(layout=layout, encoder=str(data["encoder"]), columns=data["columns"].astype(np.int64),
                            sparse=data["sparse"].astype(np.float32), dense=data["dense"].astype(np.float32),
                            bias=data["bias"].astype(np.float32))
        except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile, zlib.error) as exc:
            raise ConfigError(f"the planner weights {path} cannot be read ({type(exc).__name__}: {exc})") from exc
        total = sum(layout.classes)
        if (model.sparse.shape != (len(model.columns), total) or model.bias.shape != (total,)
                or model.dense.shape[1] != total or model.dense.shape[0] < layout.dense_meta):
            raise ConfigError(f"the planner weights {path} are inconsistent (shapes do not match the heads)")
        return model


__all__ = ["Layout", "Observation", "PlanShape", "ShapeModel", "edge_types", "named_files", "plan_counts"]
