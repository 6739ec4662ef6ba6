"""The moderation vocabulary: categories, actions and the records passed between stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Category = Literal["harassment", "hate", "sexual", "sexual/minors", "violence", "violence/graphic",
                   "self-harm", "illicit", "injection"]
#: ``injection`` covers prompt injection, jailbreaks and persona-break attempts; the reason
#: of a decision says which rule or exemplar fired.
CATEGORIES: tuple[str, ...] = ("harassment", "hate", "sexual", "sexual/minors", "violence", "violence/graphic",
                               "self-harm", "illicit", "injection")

Action = Literal["allow", "mask", "deflect", "block"]
ACTIONS: tuple[str, ...] = ("allow", "mask", "deflect", "block")
SEVERITY = {action: rank for rank, action in enumerate(ACTIONS)}

Stage = Literal["input", "output", "generation"]
STAGES: tuple[str, ...] = ("input", "output", "generation")


@dataclass(frozen=True)
class Provenance:
    """Which stage gave a category its score and which family of evidence: what makes a false flag traceable."""

    stage: str
    family: str
    features: dict[str, float] = field(default_factory=dict)  # trained stage: each feature family's logit push

    def public(self) -> dict[str, Any]:
        data: dict[str, Any] = {"stage": self.stage, "family": self.family}
        if self.features:
            data["features"] = {name: round(value, 2) for name, value in self.features.items()}
        return data


@dataclass
class Assessment:
    """What a classifier says about one text: a score in [0, 1] per category and why."""

    scores: dict[str, float] = field(default_factory=lambda: {c: 0.0 for c in CATEGORIES})
    evidence: dict[str, str] = field(default_factory=dict)
    #: category -> where its score came from: the stage ("lexicon", "rules", "profanity", "trained",
    #: "exemplars", or an outside classifier) and the family of evidence inside it (a rule's name,
    #: "slur+obfuscation", the trained label's nearest training family and the features that led)
    provenance: dict[str, "Provenance"] = field(default_factory=dict)
    fiction: bool = False
    language: str = "en"
    source: str = "embedded"

    def raise_to(self, category: str, score: float, why: str, *, stage: str | None = None,
                 family: str | None = None, features: dict[str, float] | None = None) -> None:
        """Keep the highest score seen for a category, with the evidence that gave it."""
        if score > self.scores.get(category, 0.0):
            self.scores[category] = round(min(1.0, max(0.0, score)), 4)
            self.evidence[category] = why
            self.provenance[category] = Provenance(stage=stage or self.source, family=family or category,
                                                   features=features or {})

    def absorb(self, other: "Assessment") -> None:
        """Raise each category to ``other``'s score where that is higher, with its evidence."""
        for category, score in other.scores.items():
            if score > 0.0:
                origin = other.provenance[category]
                self.raise_to(category, score, other.evidence[category], stage=origin.stage, family=origin.family,
                              features=origin.features)

    def top(self) -> tuple[str, float]:
        category = max(self.scores, key=lambda c: self.scores[c])
        return category, self.scores[category]


@dataclass
class Decision:
    """The policy's verdict on one text at one stage.

    ``flagged`` is true when the action is not ``allow``. ``text`` is what may be shown or
    used instead of the original (masked words, an in-character line, a supportive reply).
    ``warnings``: what went wrong while deciding (a classifier failed and the fallback decided);
    not part of :meth:`public`, callers show them (warning events, ``warning:`` lines).
    """

    flagged: bool
    action: str
    categories: dict[str, float]
    reason: str
    stage: str = "input"
    category: str | None = None
    score: float = 0.0
    text: str | None = None
    support: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: for a flagged decision (or the top category of an allowed one): the stage and evidence family behind it
    provenance: Provenance | None = None

    def public(self) -> dict[str, Any]:
        """The stable JSON shape of ``moderate --json`` and of moderation notices."""
        data: dict[str, Any] = {"flagged": self.flagged, "action": self.action, "categories": self.categories,
                                "reason": self.reason, "category": self.category, "stage": self.stage}
        if self.text is not None:
            data["text"] = self.text
        if self.support:
            data["support"] = True
        return data
