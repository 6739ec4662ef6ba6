"""Routing one clause to a tool (or to no tool) from lexicon scores and embedding similarity.

The rule, in order:

1. **Talk gates** (no tool, no encoding): a clause made only of greetings/thanks/praise; a
   question about something ("what is a skybox?", "how long does a video take?", "뭐야?") unless
   it is a transcription idiom ("what did I say?"); a request to explain/tell/describe; a
   capability question whose object is generic ("can you make 3D models?", "3D 모델도 만들 수
   있어?") -- while "can you draw me a cat?" names a subject and is a polite order; a statement
   without a wish ("I love that picture", "그 용 귀엽다").
2. **Lexicon hit** (some tool cue in the clause, inputs such as "of the 3D model" removed):
   the tool maximising ``lexicon + λ·similarity`` among tools with a cue (λ = 3 in English,
   1 in Korean, set with the former English-only encoder). Without an explicit creation cue (a bare noun
   phrase such as "a watercolor fox picture") the clause must also look more like a request
   than like talk: ``sim(tool) >= sim(none) - 0.05``.
3. **No lexicon hit**: with a creation cue and a concrete subject, the most similar tool when
   it is at least as close as talk (English); else, when the verb is a making verb ("make a
   cozy cabin", "만들어줘"), ``image`` (the general medium); otherwise only a confident
   neighbour (``sim >= 0.5`` and ``0.08`` above talk) makes a tool; Korean without a cue or
   making verb stays talk.

The encoder is skipped when similarity cannot change the outcome (a talk gate fired, or one
tool leads the lexicon by more than ``λ`` times the largest plausible similarity spread); the
embedding then only breaks ties and vetoes talk-like noun phrases, which keeps the median
request far below the encoder's ~8 ms.

Similarity to a route is the mean of its two best exemplar cosines, which is less brittle
than the single nearest one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Collection, Mapping, Sequence

import numpy as np

from agent.planner import lexicon as lx
from agent.planner.exemplars import NONE
from agent.planner.references import has_reference_cue
from agent.planner.slots import extract_subject, is_generic_subject

LEXICON_WEIGHT_OF_SIMILARITY = {"en": 3.0, "ko": 1.0}
NOUN_PHRASE_TALK_MARGIN = 0.05
NO_CUE_MIN_SIMILARITY = 0.5
NO_CUE_MARGIN = 0.08
CREATION_MARGIN = 0.0
DEFAULT_MEDIUM = "image"
STRONG_TRANSCRIBE = 5.0
MAX_SIMILARITY_SPREAD = 0.5


@dataclass(frozen=True)
class ClauseAnalysis:
    """Everything the router knows about one clause before embeddings."""

    text: str
    language: str
    subject: str
    lexical: Mapping[str, float]
    creation: bool
    talk_reason: str | None = None

    @property
    def needs_embedding(self) -> bool:
        """Whether similarity could change the decision (else the encoder is skipped).

        Cosine differences between routes stay well under ``MAX_SIMILARITY_SPREAD``, so a
        lexicon lead larger than ``λ`` times that spread cannot be overturned; a bare noun
        phrase (English, no creation cue) still needs the talk check.
        """
        if self.talk_reason is not None:
            return False
        if not self.lexical:
            return True
        if self.language == "en" and not self.creation:
            return True
        ranked = sorted(self.lexical.values(), reverse=True)
        lead = ranked[0] - (ranked[1] if len(ranked) > 1 else 0.0)
        return lead <= LEXICON_WEIGHT_OF_SIMILARITY.get(self.language, 1.0) * MAX_SIMILARITY_SPREAD


@dataclass(frozen=True)
class Route:
    """The router's decision for one clause, with its evidence (for debugging and tests)."""

    tool: str | None
    reason: str
    lexical: Mapping[str, float] = field(default_factory=dict)
    similarity: Mapping[str, float] = field(default_factory=dict)


class ExemplarIndex:
    """Exemplar embeddings grouped by route; similarity = mean of the two best cosines."""

    def __init__(self, labels: Sequence[str], matrix: np.ndarray) -> None:
        if len(labels) != matrix.shape[0]:
            raise ValueError(f"{len(labels)} labels for {matrix.shape[0]} exemplar vectors")
        self.routes: tuple[str, ...] = tuple(dict.fromkeys(labels))
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self._rows = {route: np.array([i for i, label in enumerate(labels) if label == route]) for route in self.routes}

    def similarities(self, vectors: np.ndarray) -> list[dict[str, float]]:
        """For each query vector, its similarity to every route."""
        if len(vectors) == 0:
            return []
        cosines = vectors.astype(np.float32, copy=False) @ self.matrix.T
        out: list[dict[str, float]] = []
        for row in cosines:
            scores: dict[str, float] = {}
            for route, rows in self._rows.items():
                values = row[rows]
                top = np.partition(values, -2)[-2:] if len(values) >= 2 else values
                scores[route] = float(top.mean())
            out.append(scores)
        return out


_EN_CAPABILITY_TAIL = re.compile(r"\?\s*$")
# A capability question about a kind of thing, not an order for one: "can you make motions for
# quadrupeds or only humanoids?", "could you do videos longer than a minute?" (bare plural, a choice).
_EN_ASKS_WHAT_IT_CAN = re.compile(
    r"\bor\s+(?:only|just)\b.*\?\s*$"
    r"|\b(?:make|do|create|generate|handle|export)\s+(?:\w+\s+)?(?:motions|animations|videos|clips|models|meshes|levels|"
    r"maps|skyboxes|panoramas|images|pictures|voices|avatars)\s+(?:for|of|in|with|longer|bigger|larger|over)\s+"
    r"(?!(?:my|our|the|this|that|these|those|it|them|him|her)\b).*\?\s*$",
    re.IGNORECASE,
)
_EN_ABLE = re.compile(r"^(?:\w+[\s,]+){0,2}?(?:can|could)\s+(?:you|u|ya)\b|^(?:do|does)\s+(?:you|it)\s+(?:support|do|handle)\b",
                      re.IGNORECASE)
_EN_WANTS_TO_KNOW = re.compile(
    r"\b(?:i(?:'?d|\s+would)\s+like\s+to\s+know|i\s+(?:want|need)\s+to\s+know|i'?m\s+curious)\s+(?:which|what|how|whether|if)\b",
    re.IGNORECASE,
)
# "3d 모델 만들면 폴리곤 수 몇 개 정도 나와?": what happens if one is made is asked, nothing is ordered.
_KO_WHAT_IF = re.compile(r"(?:으면|면)\s+(?:\S+\s+){0,5}?(?:몇|얼마|어느\s*정도)\S*(?:\s+\S+){0,4}?[\s.]*\?[\s?]*$")
# Asking leave ("상업적으로 써도 되나요?", "이거 올려도 괜찮을까요?"): a question about what the user may do, no order.
_KO_MAY_I = re.compile(r"[어아여해]도\s*(?:되나요|될까요|돼요|되요|되죠|돼|되니|괜찮(?:나요|을까요|아요|은가요|아))[\s.!~ㅠㅜ]*\?[\s?]*$")


def analyse(text: str, language: str) -> ClauseAnalysis:
    """Lexicon scores, creation cue, subject and talk gate of one masked clause."""
    output_side = lx.strip_source_phrases(text, language)
    output_lexical = lx.tool_scores(output_side, language)
    lexical = output_lexical or lx.tool_scores(text, language)
    if (lexical.get("motion") or lexical.get("video")) and lx.moves_a_picture(text, language):
        # the picture is what moves: its cue names the input, and the output is a video
        lexical = dict(lexical)
        moved = lexical.pop("motion", 0.0)
        lexical.pop("image", None)
        lexical["video"] = max(lexical.get("video", 0.0), moved)
    subject = extract_subject(text, language)
    if language == "ko":
        creation = bool(lx.KO_CREATE.search(lx.KO_NOMINALIZED.sub(" ", text)))
        talk = _ko_talk_reason(text, lexical, creation, subject)
    else:
        creation = bool(lx.EN_CREATE.search(text))
        talk = _en_talk_reason(text, lexical, subject)
    if (talk is None and not output_lexical and not lx.names_edit(text, language)
            and lx.names_past_asset(text, language)
            and not (creation if language == "ko" else lx.EN_MAKE.search(output_side))):
        # "take the castle picture you drew before (and make a 3D model of it)": the medium
        # named is an input from an earlier turn; the next clause says what to make of it.
        talk = "names an earlier asset"
    return ClauseAnalysis(text, language, subject, lexical, creation, talk)


def _en_talk_reason(text: str, lexical: Mapping[str, float], subject: str) -> str | None:
    stripped = text.strip()
    if lx.EN_TALK_ONLY.match(stripped):
        return "greeting or thanks"
    if lexical.get("transcribe", 0) >= STRONG_TRANSCRIBE:
        return None  # "what did I say?" asks for a transcription
    if (lx.EN_EVALUATION.match(stripped) and not lx.EN_WISH.search(stripped)
            and not lx.EN_LATER_ORDER.search(stripped)):
        return "praise or opinion of an existing asset"
    if lx.EN_PRESENTS_UPLOAD.match(stripped) and not lx.EN_LATER_ORDER.search(stripped):
        return "hands over an upload"
    # "like, can you make videos?": the opener does not change what the clause is
    question = lx.EN_DISCOURSE_OPENER.sub("", stripped) or stripped
    if question != stripped:
        subject = extract_subject(question, "en")
    if lx.EN_TALK_VERBS.match(question):
        return "asks to explain or tell"
    if _EN_ABLE.search(question) and _EN_ASKS_WHAT_IT_CAN.search(question):
        return "capability question"  # "can u make motions for quadrupeds or only humanoids?"
    if _EN_WANTS_TO_KNOW.search(stripped) and not lx.EN_LATER_ORDER.search(stripped):
        return "question"  # "before I start, I'd like to know which formats the mesh tool exports"
    if lx.EN_CAPABILITY.match(question):
        # "can you make it 3D?" points at a concrete thing: a polite order, not a question.
        concrete = not is_generic_subject(subject, "en") or (bool(lexical) and has_reference_cue(question, "en"))
        return None if concrete else "capability question"
    if lx.EN_WH_QUESTION.match(question) and not lx.EN_WH_EXCEPTIONS.match(question):
        return "question"
    if _EN_ABOUT_RESULTS.search(question):
        return "question"  # "do the pictures you make belong to me?": about what it makes, not an order
    if lx.EN_STATEMENT.match(stripped) and not lx.EN_WISH.search(stripped) and not lx.EN_LATER_ORDER.search(stripped):
        return "statement"
    if (_EN_REPORTS_ON_RESULT.search(stripped) and not _EN_ASKS.search(stripped) and not lx.EN_WISH.search(stripped)
            and not lx.EN_LATER_ORDER.search(stripped)):
        return "praise or report about an earlier asset"
    return None


# How an earlier result went down ("the fly-through you made was genuinely spooky", "playtesters loved the
# meeples", "the heart model was very well received", "made me tear up"): talk, unless it also asks for something.
_EN_REPORTS_ON_RESULT = re.compile(
    r"\b(?:you|u)\s+(?:made|did|generated|created|rendered|drew|built|produced)\b.*\b(?:was|were|is|are|looks?|looked|"
    r"sold|worked|came\s+out|turned\s+out)\b"
    r"|\b(?:was|were)\s+(?:\w+\s+){0,2}(?:received|liked|loved)\b|\bmade\s+me\s+(?:tear|cry|smile|laugh)"
    r"|^(?:[\w'-]+\s+){1,3}(?:loved|liked|enjoyed|adored)\s+(?:the|your|that|those|it|this|these)\b",
    re.IGNORECASE)
# A yes/no question about the results the app makes ("do the pictures you make belong to me?", "are the
# models it generates rigged?"): a question about a kind of result, whatever its medium word.
_EN_ABOUT_RESULTS = re.compile(
    r"^(?:do|does|did|is|are|will|would|should|can|could)\s+(?:the|my|your|all|any)?\s*(?:[\w-]+\s+){0,2}?"
    r"(?:pictures|pics|images|illustrations|models|meshes|videos|clips|voices|levels|maps|skyboxes|panoramas|avatars|"
    r"motions|animations|assets|results|files|things|stuff|outputs?|art|artwork)\s+(?:that\s+)?(?:you|u|it|the\s+app)\s+"
    r"(?:make|makes|made|generate|generates|generated|create|creates|created|produce|produces|produced|draw|draws)\b"
    r"[^?]*\?", re.IGNORECASE)
_EN_ASKS = re.compile(
    r"(?:^|\b(?:please|pls|plz|can|could|would|will|now|then|and)\s+(?:you\s+)?)(?:make|draw|create|generate|animate|turn|"
    r"render|build|give|add|change|put|use|take|redo|fix|convert|paint|model|do)\b|\?", re.IGNORECASE)


_KO_PURPOSE = re.compile(r"(?:으로|로)\s*(?:쓸|사용할|쓰려고|활용할)\s*(?:거|것|꺼|예정)\S*[\s.!~ㅋㅎ]*$")


def _ko_talk_reason(text: str, lexical: Mapping[str, float], creation: bool, subject: str) -> str | None:
    stripped = text.strip()
    if lx.KO_TALK_ONLY.match(stripped):
        return "greeting or thanks"
    if lexical.get("transcribe", 0) >= STRONG_TRANSCRIBE and creation:
        return None
    if _KO_WHAT_IF.search(stripped) or _KO_MAY_I.search(stripped):
        return "question"
    if lx.KO_EVALUATION.search(stripped) and not lx.KO_REQUEST_ENDING.search(stripped) and not lx.KO_WISH.search(stripped):
        return "praise or opinion of an existing asset"
    if _KO_PURPOSE.search(stripped) and not lx.KO_REQUEST_ENDING.search(stripped):
        return "says what it is for"  # "스카이박스로 쓸거임": the use of what the clause before asks for
    if lx.KO_CAPABILITY.search(stripped):
        # the subject without the capability tail ("영상도 만들 수 있음?" -> nothing concrete)
        subject = extract_subject(lx.KO_CAPABILITY.sub(" ", stripped), "ko")
        concrete = not is_generic_subject(subject, "ko") or (bool(lexical) and has_reference_cue(stripped, "ko"))
        return None if concrete else "capability question"
    if lx.KO_EXPERIENCE.search(stripped) and not lx.KO_REQUEST_ENDING.search(stripped):
        return "question about experience"
    if lx.ko_past_statement(stripped):
        return "statement"
    if lx.KO_PRESENTS_UPLOAD.search(stripped) and not lx.KO_REQUEST_ENDING.search(stripped):
        return "hands over an upload"
    if lx.KO_TALK_VERBS.search(stripped) and not _ko_orders_a_tool(stripped):
        return "asks to explain or tell"
    if lx.KO_QUESTION_WORDS.search(stripped) and not creation:
        return "question"
    if stripped.endswith("?") and not creation:  # "용 그림 있어?" asks, it does not order
        return "question"
    if lexical and _KO_NEEDS.search(stripped):
        return None  # "제품 렌더링용 HDRI 하나 필요합니다": a medium said to be needed is asked for
    if not creation and lx.KO_DECLARATIVE.search(stripped):
        return "statement"
    return None


# A need said of the clause's medium, at its end ("영상 한 편이 필요합니다", "그림이 필요해요"), not "필요 없어요".
_KO_NEEDS = re.compile(r"필요(?:합니다|해요|해|함|하거든요|한데요?|하답니다|하대요|할\s*것\s*같아요)[\s.!~ㅋㅎㅠ]*$")


_KO_TOOL_ORDER = re.compile(r"(?:그려|만들어|생성해|읽어|말해|받아\s*적)\s*(?:줘|주세요|줄래)")


def _ko_orders_a_tool(text: str) -> bool:
    return bool(_KO_TOOL_ORDER.search(text))


def decide(
    analysis: ClauseAnalysis,
    similarity: Mapping[str, float] | None,
    allowed: Collection[str],
) -> Route:
    """Apply the routing rule of this module's docstring to one analysed clause."""
    lexical = {tool: score for tool, score in analysis.lexical.items() if tool in allowed}
    if analysis.talk_reason is not None:
        return Route(None, analysis.talk_reason, lexical, similarity or {})
    sims = dict(similarity or {})
    lam = LEXICON_WEIGHT_OF_SIMILARITY.get(analysis.language, 1.0)
    talk_sim = sims.get(NONE, 0.0)
    if lexical:
        tool = max(lexical, key=lambda t: (lexical[t] + lam * sims.get(t, 0.0), t == DEFAULT_MEDIUM))
        if (not analysis.creation and sims and analysis.language == "en"
                and sims.get(tool, 0.0) < talk_sim - NOUN_PHRASE_TALK_MARGIN):
            return Route(None, "noun phrase closer to talk", lexical, sims)
        return Route(tool, "lexicon" + ("+embedding" if sims else ""), lexical, sims)
    tool_sims = {t: s for t, s in sims.items() if t != NONE and t in allowed}
    best = max(tool_sims, key=tool_sims.__getitem__) if tool_sims else None
    concrete = not is_generic_subject(analysis.subject, analysis.language)
    if analysis.creation and concrete:
        if best is not None and analysis.language == "en" and tool_sims[best] >= talk_sim + CREATION_MARGIN:
            return Route(best, "creation cue + embedding", lexical, sims)
        maker = lx.KO_MAKE if analysis.language == "ko" else lx.EN_MAKE
        if DEFAULT_MEDIUM in allowed and maker.search(analysis.text):
            return Route(DEFAULT_MEDIUM, "making verb, default medium", lexical, sims)
    if (best is not None and analysis.language == "en" and tool_sims[best] >= NO_CUE_MIN_SIMILARITY
            and tool_sims[best] >= talk_sim + NO_CUE_MARGIN):
        return Route(best, "embedding", lexical, sims)
    return Route(None, "no creation intent", lexical, sims)
