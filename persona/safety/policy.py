"""Per-persona safety policy: thresholds and actions per category, and the decision rule.

Fiction needs room: with ``allow_fiction_violence`` a warrior or blacksmith may talk of
slaying a dragon, while a children's guide (``audience: children``) deflects the same line.
Self-harm always gets a supportive reply with help resources, whatever the action.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from persona.safety.categories import ACTIONS, CATEGORIES, SEVERITY, Assessment, Decision

Audience = Literal["general", "children"]

DEFAULT_THRESHOLD = 0.5
_GENERAL_ACTIONS = {
    "harassment": "mask", "hate": "deflect", "sexual": "deflect", "sexual/minors": "block",
    "violence": "allow", "violence/graphic": "allow", "self-harm": "deflect", "illicit": "deflect",
    "injection": "deflect",
}
_CHILDREN_ACTIONS = {
    "harassment": "deflect", "hate": "block", "sexual": "block", "sexual/minors": "block",
    "violence": "deflect", "violence/graphic": "block", "self-harm": "deflect", "illicit": "block",
    "injection": "deflect",
}
_CHILDREN_THRESHOLDS = {"harassment": 0.4, "sexual": 0.35, "violence": 0.4, "violence/graphic": 0.35}


class SafetyPolicy(BaseModel):
    """How a persona treats each category. Unset thresholds/actions come from the audience."""

    model_config = ConfigDict(extra="forbid")

    audience: Audience = "general"
    allow_fiction_violence: bool = Field(default=True, description="violence in a story is allowed (not gore for children)")
    thresholds: dict[str, float] = Field(default_factory=dict)
    actions: dict[str, str] = Field(default_factory=dict)
    on_flagged_generation: Literal["drop_step", "refuse_plan"] = "drop_step"
    deflections: dict[str, list[str]] = Field(default_factory=dict, description="in-character lines per language")
    refusals: dict[str, list[str]] = Field(default_factory=dict, description="firm in-character refusals per language")

    @field_validator("thresholds")
    @classmethod
    def _known_threshold_categories(cls, value: dict[str, float]) -> dict[str, float]:
        for name, threshold in value.items():
            if name not in CATEGORIES:
                raise ValueError(f"unknown category {name!r}; use one of {', '.join(CATEGORIES)}")
            if not 0.0 < threshold <= 1.0:
                raise ValueError(f"threshold for {name!r} must be in (0, 1], got {threshold}")
        return value

    @field_validator("actions")
    @classmethod
    def _known_actions(cls, value: dict[str, str]) -> dict[str, str]:
        for name, action in value.items():
            if name not in CATEGORIES:
                raise ValueError(f"unknown category {name!r}; use one of {', '.join(CATEGORIES)}")
            if action not in ACTIONS:
                raise ValueError(f"unknown action {action!r} for {name!r}; use one of {', '.join(ACTIONS)}")
        return value

    def threshold(self, category: str) -> float:
        if category in self.thresholds:
            return self.thresholds[category]
        if self.audience == "children":
            return _CHILDREN_THRESHOLDS.get(category, DEFAULT_THRESHOLD)
        return DEFAULT_THRESHOLD

    def action(self, category: str, *, fiction: bool = False) -> str:
        if category in self.actions:
            return self.actions[category]
        base = (_CHILDREN_ACTIONS if self.audience == "children" else _GENERAL_ACTIONS)[category]
        if category == "violence" and base == "allow" and not self.allow_fiction_violence:
            return "deflect"
        return base

    def decide(self, assessment: Assessment, *, stage: str = "input") -> Decision:
        """Apply thresholds and actions; the most severe action over threshold wins. Injection is
        judged on what users send and what goes into generation, not on the NPC's own words: a
        reply is not instructions to anyone ("I can't fit the motion onto your own model yet")."""
        over = [(c, s) for c, s in assessment.scores.items()
                if s >= self.threshold(c) and not (c == "injection" and stage == "output")]
        action, category, score = "allow", None, 0.0
        for name, value in sorted(over, key=lambda item: -item[1]):
            candidate = self.action(name, fiction=assessment.fiction)
            if SEVERITY[candidate] > SEVERITY[action] or (category is None and candidate != "allow"):
                action, category, score = candidate, name, value
        support = assessment.scores.get("self-harm", 0.0) >= self.threshold("self-harm")
        if support and action == "allow":
            action, category, score = "deflect", "self-harm", assessment.scores["self-harm"]
        if category is None and over:
            top, top_score = max(over, key=lambda item: item[1])
            reason = f"{top} {top_score:.2f} is allowed by this persona's policy" + (
                " (fiction)" if assessment.fiction else "")
        elif category is None:
            top, top_score = assessment.top()
            reason = "no category over its threshold" + (f" (highest: {top} {top_score:.2f})" if top_score > 0 else "")
        else:
            why = assessment.evidence.get(category, "classifier score")
            reason = f"{category} {score:.2f} >= {self.threshold(category):.2f} ({why}) -> {action}"
        explained = category if category is not None else (assessment.top()[0] if assessment.top()[1] > 0 else None)
        provenance = assessment.provenance.get(explained) if explained is not None else None
        if category is not None and provenance is not None:
            reason += f" [stage={provenance.stage}, family={provenance.family}]"
        return Decision(flagged=action != "allow", action=action,
                        categories={c: round(assessment.scores.get(c, 0.0), 4) for c in CATEGORIES},
                        reason=reason, stage=stage, category=category, score=round(score, 4), support=support,
                        provenance=provenance)


GENERAL_POLICY = SafetyPolicy()
