"""``SafetyGuard``: classifier + persona policy + audit log, for the three places text is checked.

- ``check(text, stage="input")`` before planning: a flagged request gets an in-character line.
- ``check(prompt, stage="generation")`` on the prompt/text arguments of plan steps.
- ``output_window(...)`` on the NPC's reply while it streams: text is released a sentence
  (window) at a time after it passed, so a reply is never held back to its end.
Every decision is written to the audit log when one is configured.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

from agent.errors import BackendError, InputError
from agent.text import clean_text, detect_language, first_sentence_end, is_blank, looks_binary
from persona.safety.categories import STAGES, Assessment, Decision
from persona.safety.messages import deflection, mask_text, refusal, support_message
from persona.safety.policy import GENERAL_POLICY, SafetyPolicy

if TYPE_CHECKING:
    from pathlib import Path

    from persona.card import PersonaCard
    from persona.safety.audit import AuditLog

MAX_MODERATION_CHARS = 100_000
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


class Classifier(Protocol):
    name: str

    def assess_many(self, texts: list[str], *, stage: str = "input") -> list[Assessment]: ...


def check_text(text: Any) -> str:
    """Refuse what cannot be moderated: non-text, empty, binary or huge input."""
    if isinstance(text, bytes):
        raise InputError("moderation needs text, got bytes: decode it (UTF-8) first")
    if not isinstance(text, str):
        raise InputError(f"moderation needs text, got {type(text).__name__}")
    text = clean_text(text)  # lone surrogates (invalid UTF-8 on a command line) reach no model
    if is_blank(text):
        raise InputError("the text to moderate is empty (or only invisible characters): give the words to check")
    if len(text) > MAX_MODERATION_CHARS:
        raise InputError(f"the text is {len(text)} characters long; moderate at most {MAX_MODERATION_CHARS} at a time")
    if looks_binary(text):
        raise InputError("the text holds binary data, not words: moderate text only")
    # A few undecodable bytes (stdin read with surrogateescape) or lone surrogates from a JSON
    # client are judged as U+FFFD: the words around them still get a decision.
    return _LONE_SURROGATES.sub("\ufffd", text)


class SafetyGuard:
    """One guard serves many sessions; the persona and session come with each call."""

    def __init__(self, *, classifier: Classifier | None = None, audit: "AuditLog | None" = None,
                 fallback: Classifier | None = None) -> None:
        if classifier is None:
            from persona.safety.classifier import EmbeddedClassifier

            classifier = EmbeddedClassifier()
        self.classifier = classifier
        self.fallback = fallback
        self.audit = audit

    def policy_for(self, persona: "PersonaCard | None") -> SafetyPolicy:
        return persona.safety if persona is not None else GENERAL_POLICY

    def _assess(self, texts: list[str], stage: str) -> tuple[list[Assessment], str, list[str]]:
        """The assessments, the classifier that made them, and the warnings to pass on."""
        try:
            return self.classifier.assess_many(texts, stage=stage), self.classifier.name, []
        except BackendError as exc:
            if self.fallback is None:
                raise
            warning = (f"the {self.classifier.name} moderation classifier failed ({exc.message}); "
                       f"the {self.fallback.name} classifier decided instead")
            return self.fallback.assess_many(texts, stage=stage), self.fallback.name, [warning]

    def check(self, text: str, *, stage: str = "input", persona: "PersonaCard | None" = None,
              session: str = "default", language: str | None = None) -> Decision:
        """Classify, apply the persona's policy, fill in what to say instead, and audit."""
        return self.check_many([text], stage=stage, persona=persona, session=session, language=language)[0]

    def check_many(self, texts: list[str], *, stage: str = "input", persona: "PersonaCard | None" = None,
                   session: str = "default", language: str | None = None) -> list[Decision]:
        """``check`` for many texts with one batched classifier call (``moderate --jsonl``).
        A classifier fallback is said in every decision's ``warnings``."""
        if stage not in STAGES:
            raise InputError(f"unknown moderation stage {stage!r}; use one of {', '.join(STAGES)}")
        texts = [check_text(t) for t in texts]
        assessments, used, warnings = self._assess(texts, stage)
        policy = self.policy_for(persona)
        decisions = []
        for text, assessment in zip(texts, assessments):
            decision = policy.decide(assessment, stage=stage)
            decision.warnings.extend(warnings)
            self._fill(decision, text, persona, language or detect_language(text))
            if self.audit is not None:
                self.audit.record(decision, text=text, session=session, persona=persona.id if persona else None,
                                  classifier=used)
            decisions.append(decision)
        return decisions

    def _fill(self, decision: Decision, text: str, persona: "PersonaCard | None", language: str) -> None:
        if decision.support:
            decision.text = support_message(language)
        elif decision.action == "mask":
            from persona.safety.lexicon import load_lexicon

            decision.text = mask_text(text, load_lexicon())
            if decision.text == text:  # nothing maskable word by word ("f u c k"): say something else
                decision.action = "deflect"
                decision.reason += " (nothing to mask word by word: deflect)"
                decision.text = deflection(persona, decision.category, language, seed=text)
        elif decision.action == "deflect":
            decision.text = deflection(persona, decision.category, language, seed=text)
        elif decision.action == "block":
            decision.text = refusal(persona, language, seed=text)

    def output_window(self, *, persona: "PersonaCard | None" = None, session: str = "default",
                      language: str | None = None, window_chars: int = 160) -> "OutputWindow":
        """A checker for one streamed reply; see :class:`OutputWindow`."""
        return OutputWindow(guard=self, persona=persona, session=session, language=language,
                            window_chars=window_chars)


class OutputWindow:
    """Checks a streamed reply in windows: ``feed(delta)`` returns the text that may be shown
    now (whole sentences that passed, masked where the policy masks); ``close()`` returns the
    rest. After a deflect/block the replacement line is returned once and the rest is dropped."""

    def __init__(self, *, guard: SafetyGuard, persona: "PersonaCard | None", session: str,
                 language: str | None, window_chars: int) -> None:
        self.guard = guard
        self.persona = persona
        self.session = session
        self.language = language
        self.window_chars = window_chars
        self.decisions: list[Decision] = []
        self.windows: list[str] = []  # the text each decision was made on (a false flag can be traced)
        self.stopped = False
        self._buffer = ""

    def feed(self, delta: str) -> str:
        if self.stopped:
            return ""
        self._buffer += delta
        released = []
        while not self.stopped:
            end = first_sentence_end(self._buffer)
            if end is not None:
                cut = end
            elif len(self._buffer) >= self.window_chars:
                space = self._buffer.rfind(" ", 0, self.window_chars)
                cut = space + 1 if space > 0 else self.window_chars
            else:
                break
            window, self._buffer = self._buffer[:cut], self._buffer[cut:]
            released.append(self._check(window))
        return "".join(released)

    def close(self) -> str:
        """The last window (text after the final sentence boundary)."""
        if self.stopped or not self._buffer.strip():
            rest, self._buffer = ("" if self.stopped else self._buffer), ""
            return rest
        window, self._buffer = self._buffer, ""
        return self._check(window)

    def _check(self, window: str) -> str:
        if not window.strip():
            return window
        decision = self.guard.check(window, stage="output", persona=self.persona, session=self.session,
                                    language=self.language)
        self.decisions.append(decision)
        self.windows.append(window)
        if decision.action == "allow" and not decision.support:
            return window
        if decision.action == "mask" and not decision.support:
            return decision.text or window
        self.stopped = True
        return (decision.text or "") + " "

    @property
    def flagged(self) -> list[Decision]:
        return [d for d in self.decisions if d.flagged]

    @property
    def warnings(self) -> list[str]:
        """What went wrong deciding on this reply's windows, each said once."""
        return list(dict.fromkeys(w for d in self.decisions for w in d.warnings))


def build_guard(*, classifier: str, model: str | None, endpoint: str | None, data_dir: Path | None,
                audit: bool = True, embeddings: bool | None = None):
    """A ``SafetyGuard`` for a classifier choice (setting ``[safety]`` or ``moderate``'s options);
    the neural ones fall back to the embedded one. ``data_dir``: where the audit log goes (None: none)."""
    from persona.safety.audit import AuditLog
    from persona.safety.classifier import EmbeddedClassifier

    embedded = EmbeddedClassifier(use_embeddings=embeddings)
    log = AuditLog.under(data_dir) if audit and data_dir is not None else None
    if classifier == "embedded":
        return SafetyGuard(classifier=embedded, audit=log)
    if classifier == "llamaguard":
        from persona.safety.llamaguard import LlamaGuardClassifier

        if not model:
            raise InputError("the llamaguard classifier needs a model (--model, or safety.model): a model id or a local path")
        return SafetyGuard(classifier=LlamaGuardClassifier(model=model, companion=embedded), audit=log,
                           fallback=embedded)
    from persona.safety.openai_moderation import OpenAIModerationClassifier

    if not endpoint:
        raise InputError("the openai classifier needs an endpoint (--endpoint, or safety.endpoint), e.g. http://localhost:8000/v1")
    return SafetyGuard(classifier=OpenAIModerationClassifier(base_url=endpoint, model=model, companion=embedded),
                       audit=log, fallback=embedded)
