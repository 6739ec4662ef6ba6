"""Korean morphology for the planner: Kiwi (``kiwipiepy`` with the ``kiwipiepy-model`` weights).

Korean glues particles and endings to its words ("그림으로", "만들고", "두 개"), so a word
n-gram of the surface text rarely repeats between two wordings of one request. Kiwi splits a
line into morphemes with their tags -- nouns (``NNG``/``NNP``), counters (``NNB``), verb and
adjective stems (``VV``/``VA``), connective and final endings (``EC``/``EF``) -- which is what
the learned planning stage (:mod:`agent.planner.learned`) reads for Korean lines: ``만들/VV
고/EC`` says "make, and then" whatever the spelling around it.

One ``Kiwi`` per process, loaded on first use (about 1 s; ``warm_up`` does it ahead) and then
about 0.5 ms a line. ``num_workers=-1`` keeps it on the calling thread: a worker pool costs
more than it saves on one short line.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from agent.errors import ConfigError

# Tags kept as features: content words, counters, numbers, foreign words, verb/adjective stems
# and the endings that carry the clause structure. Particles and punctuation are dropped.
CONTENT_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "NP", "SN", "SL", "VV", "VA", "VX", "XR", "MAG", "MM"})
ENDING_TAGS = frozenset({"EC", "EF", "ETM", "ETN", "EP"})

_LOCK = threading.Lock()
_KIWI: Any = None


@dataclass(frozen=True)
class Morpheme:
    form: str
    tag: str


def _kiwi() -> Any:
    global _KIWI
    with _LOCK:
        if _KIWI is None:
            try:
                from kiwipiepy import Kiwi
            except ImportError as exc:  # a broken install, not a user error
                raise ConfigError(
                    "Korean morphology needs kiwipiepy and kiwipiepy-model; reinstall with `make setup` "
                    f"(pip install -e .) ({exc})") from exc
            _KIWI = Kiwi(num_workers=-1, model_type="cong")
        return _KIWI


def load() -> None:
    """Load the analyser now rather than on the first Korean request."""
    _kiwi()


@lru_cache(maxsize=4096)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """The morphemes of ``text`` (Kiwi's best analysis), in order."""
    if not text.strip():
        return ()
    return tuple(Morpheme(token.form, token.tag.split("-")[0]) for token in _kiwi().tokenize(text))


def feature_tokens(text: str) -> list[str]:
    """``form/tag`` tokens of the morphemes the planner reads (see ``CONTENT_TAGS``/``ENDING_TAGS``),
    and the bare tag of each ending (``/EC``: "a clause goes on here")."""
    tokens: list[str] = []
    for morpheme in morphemes(text):
        if morpheme.tag in CONTENT_TAGS:
            tokens.append(f"{morpheme.form.lower()}/{morpheme.tag}")
        elif morpheme.tag in ENDING_TAGS:
            tokens.append(f"{morpheme.form}/{morpheme.tag}")
            tokens.append(f"/{morpheme.tag}")
    return tokens


__all__ = ["Morpheme", "feature_tokens", "load", "morphemes"]
