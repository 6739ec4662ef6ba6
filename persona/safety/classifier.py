"""The embedded classifier: lexicons, rules and the profanity model first, embeddings when unsure.

Stage 1 (tens of microseconds): normalisation, English/Korean lexicons, regex rules, the
``alt-profanity-check`` model. Stage 2 (a MiniLM forward pass, ~5-7 ms on a laptop CPU, or
~3 ms a line when batched): nearest exemplars for injection, self-harm and illicit requests.
Stage 2 runs only for English lines that stage 1 left undecided *and* that mention a topic
cue of those categories (instructions, dying, weapons, ...), so most lines never pay for it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from persona.safety.categories import Assessment
from persona.safety.lexicon import Lexicon, load_lexicon
from persona.safety.normalize import Normalized, normalize
from persona.safety.patterns import FICTION_CUES, match_rules

DIRECTED_EN = frozenset({"you", "u", "ur", "your", "youre", "you're", "yourself", "ya", "thou", "thee", "yo"})
DIRECTED_KO = re.compile(r"(?:^|\s)(?:너|넌|니|네가|니가|너는|너도|당신|너네|느그|니네|너희)")
DIRECTED_BOOST = 0.25
DECIDED = 0.5  # an injection/self-harm/illicit score at or above this needs no second opinion
CLEAR = 0.8  # any category this sure: the embedding stage would not change the action

# Topic cues that send an undecided English line to the embedding stage.
EMBEDDING_CUES = re.compile(
    r"\b(?:instruct\w*|prompt\w*|rules?|pretend\w*|role-?play\w*|character|persona|jailbr\w*|restrict\w*|"
    r"filter\w*|censor\w*|developers?|admin\w*|overrid\w*|bypass\w*|ignor\w*|disregard\w*|forget|guidelines?|"
    r"guidance|programm\w*|configur\w*|initiali[sz]\w*|told|earlier|previous|above|real you|true self|unlock\w*|"
    r"secret|confidential|obey|orders?|command\w*|makers?|creators?|software|chatbot|bot|ai|language model|ai model|limitations?|"
    r"die|dying|dead|death|suicid\w*|alive|(?:to|not|never|anymore) live|living anymore|"
    r"end(?:ing)? (?:it|things|everything)|myself|pills?|overdose|goodbye|hopeless|burden|disappear|vanish|wake up|no point|give up|worthless|"
    r"gun|guns|handgun|weapon\w*|explosiv\w*|poison\w*|toxic|chemicals?|drugs?|pills|steal\w*|hack\w*|"
    r"without (?:a |any )?(?:background|prescription|license|paperwork|id|trace|permission)|illegal\w*|"
    r"untraceable|fake id|track (?:my|his|her|someone)|knock (?:them|him|her|someone) out|break into)\b",
    re.IGNORECASE,
)


class SentenceEncoder(Protocol):
    def encode(self, texts: list[str]) -> Any: ...


@dataclass
class ClassifierStats:
    """How many lines each stage saw (the benchmark reports the embedding share)."""

    lines: int = 0
    embedded: int = 0


class EmbeddedClassifier:
    """Offline classifier. ``encoder`` is any sentence encoder (MiniLM by default, loaded on
    first need); ``use_embeddings=False`` keeps to stage 1 (no torch at all)."""

    name = "embedded"

    def __init__(self, *, encoder: SentenceEncoder | None = None, use_embeddings: bool = True,
                 use_profanity_model: bool = True, lexicon: Lexicon | None = None) -> None:
        self._encoder = encoder
        self.use_embeddings = use_embeddings
        self.use_profanity_model = use_profanity_model
        self.lexicon = lexicon or load_lexicon()
        self._profanity = None
        self._index = None
        self._lock = threading.Lock()
        self.stats = ClassifierStats()

    # -- loading ---------------------------------------------------------------------------------
    def warm(self) -> "EmbeddedClassifier":
        """Load every model now (the CLI and benchmarks call this before timing)."""
        self._profanity_model()
        if self.use_embeddings:
            self._exemplars()
        return self

    def _profanity_model(self):
        if self._profanity is None and self.use_profanity_model:
            from persona.safety.profanity import load_profanity_model

            self._profanity = load_profanity_model()
        return self._profanity

    def _exemplars(self):
        if self._index is None:
            with self._lock:
                if self._index is None:
                    from persona.safety.exemplars import ExemplarIndex

                    encoder = self._encoder
                    if encoder is None:
                        from agent.planner.encoder import MiniLMEncoder

                        encoder = MiniLMEncoder()
                    self._index = ExemplarIndex(encoder=encoder)
        return self._index

    # -- public ----------------------------------------------------------------------------------
    def assess(self, text: str, *, stage: str = "input") -> Assessment:
        """Scores for one text."""
        return self.assess_many([text], stage=stage)[0]

    def assess_many(self, texts: list[str], *, stage: str = "input") -> list[Assessment]:
        """Scores for many texts; the undecided ones share one batched encoder call."""
        results: list[Assessment] = []
        pending: list[int] = []
        for position, text in enumerate(texts):
            assessment, unsure = self._stage_one(text)
            results.append(assessment)
            if unsure:
                pending.append(position)
        self.stats.lines += len(texts)
        if pending and self.use_embeddings:
            self.stats.embedded += len(pending)
            index = self._exemplars()
            vectors = index.encode([texts[i] for i in pending])
            for position, scores in zip(pending, index.score(vectors)):
                for item in scores:
                    if item.score > 0:
                        results[position].raise_to(
                            item.category, item.score,
                            f"close to exemplar {item.nearest!r} (cosine {item.similarity:.2f})")
        return results

    # -- stage 1 -------------------------------------------------------------------------------
    def _stage_one(self, text: str) -> tuple[Assessment, bool]:
        norm = normalize(text)
        has_korean = norm.language == "ko" or norm.korean != norm.plain or bool(re.search("[\u3131-\ud7a3]", text))
        assessment = Assessment(language=norm.language)
        assessment.fiction = bool(FICTION_CUES.search(norm.clean))
        directed = self._directed(norm)
        self._lexicon_scores(norm, assessment, directed)
        for rule, matched in match_rules(norm.clean, norm.korean, has_korean=has_korean):
            category, score = rule.category, rule.score
            if rule.name in ("threat", "ko-threat") and assessment.fiction:
                category = "violence"  # "I will kill you, foul beast!" inside a story
            assessment.raise_to(category, score, f"rule {rule.name}: {matched!r}")
        self._profanity_score(norm, assessment, directed)
        decided = (max(assessment.scores[c] for c in ("injection", "self-harm", "illicit")) >= DECIDED
                   or max(assessment.scores.values()) >= CLEAR)
        unsure = (not decided and norm.language == "en" and bool(EMBEDDING_CUES.search(norm.clean)))
        return assessment, unsure

    @staticmethod
    def _directed(norm: Normalized) -> bool:
        return any(token in DIRECTED_EN for token in norm.tokens) or bool(DIRECTED_KO.search(norm.korean))

    def _lexicon_scores(self, norm: Normalized, assessment: Assessment, directed: bool) -> None:
        best: dict[str, tuple[float, str]] = {}
        terms: dict[str, set[str]] = {}
        for hit in self.lexicon.match(norm):
            terms.setdefault(hit.category, set()).add(hit.term)
            if hit.weight > best.get(hit.category, (0.0, ""))[0]:
                best[hit.category] = (hit.weight, hit.term)
        for category, (weight, term) in best.items():
            score = weight + 0.1 * (len(terms[category]) - 1)
            why = f"lexicon {term!r}"
            if category == "harassment" and directed and weight >= 0.25:
                score += DIRECTED_BOOST
                why += " aimed at someone"
            assessment.raise_to(category, min(score, 0.95), why)

    def _profanity_score(self, norm: Normalized, assessment: Assessment, directed: bool) -> None:
        model = self._profanity_model()
        if model is None or norm.language != "en":
            return
        probability = model.score(norm.clean)
        # The model fires on single words ("kill", "gay"), so on its own it only nudges; with a
        # lexicon insult or a target it confirms.
        harassment = assessment.scores["harassment"]
        if probability >= 0.85 and directed and assessment.scores["violence"] < 0.5:
            value = 0.55 + 0.3 * (probability - 0.85) / 0.15
            if harassment >= 0.25:
                value = max(value, harassment + 0.1)
            assessment.raise_to("harassment", value, f"profanity model {probability:.2f}, aimed at someone")
        elif probability >= 0.9 and harassment >= 0.3:
            assessment.raise_to("harassment", harassment + 0.1, f"profanity model {probability:.2f} agrees")
