"""The embedded classifier: lexicons and rules, and a trained model that reads every line.

Rules (tens of microseconds): normalisation, English/Korean lexicons, regex rules. They decide
alone only where they are precise (injection phrasings, minors with sexual terms, slurs, insults
aimed at someone, threats with a real-world anchor); swearing and topic words are hints under
the general threshold (``LEXICON_CAP``) that the trained stage weighs, except in generation
prompts. Trained stage (:mod:`persona.safety.trained`): a linear model over hashed character and
word n-grams and the shared sentence encoder's vector, with a small nonlinear head over that
vector for lines without Hangul, fitted on the corpus under ``data/``
(:mod:`persona.safety.train`); it reads contempt, implicit hate and jailbreaks written as stories
that no rule lists. A category's score is the highest of the rules and the model, and each
score keeps its provenance (stage and family) for the audit log. The exemplar stage (nearest
exemplars on the shared encoder) is opt-in (``use_embeddings=True``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from agent.text import has_hangul
from persona.safety.categories import Assessment
from persona.safety.idioms import benign_spans_removed
from persona.safety.lexicon import Lexicon, load_lexicon
from persona.safety.normalize import Normalized, normalize
from persona.safety.patterns import FICTION_CUES, match_rules

DIRECTED_EN = frozenset({"you", "u", "ur", "your", "youre", "you're", "yourself", "ya", "thou", "thee", "yo"})
#: a Korean second-person word standing alone (with its particle): "너무" (very) and "니까" are no "you"
DIRECTED_KO = re.compile(r"(?:^|\s)(?:(?:너|니)(?:는|도|가|를|랑|한테|의|네|희|같은|같이|처럼|때문에|만)?|넌|널|네가|당신\w*|느그)(?![가-힣])")
DIRECTED_BOOST = 0.25
# Rules that fiction can turn into story violence ("I'll cut you down, foul knave!")...
THREAT_RULES = frozenset({"threat", "ko-threat", "threat-you", "threat-idiom", "ko-threat-idiom"})
# ...unless the line points at the real world: where the user lives, works, goes to school,
# their family, a time. Then it is a threat for every persona, fiction-friendly ones included.
REAL_WORLD_ANCHOR = re.compile(
    r"\b(?:where (?:you|u) (?:live|sleep|work|go to school|park)|your (?:home )?address|your (?:house|home|apartment|flat|place|"
    r"office|workplace|work|job|school|class|car|street|neighbou?rhood|family|kids|children|wife|husband|mom|mum|mother|dad|"
    r"father|parents|sister|brother|ip|location)|outside your|after (?:school|work|class)|tonight|tomorrow|this weekend|"
    r"in real life|irl|real world|i know where|on your way home|parking lot|bus stop|(?:his|her|their) (?:home )?address|"
    r"(?:i'?m|i am) not (?:joking|kidding)|not (?:a joke|joking|kidding|a game)|no joke|for real|dead serious)\b"
    r"|(?:어디\s*사는지|사는\s*곳|주소|너희?\s*집|네\s*집|니\s*집|집\s*앞|학교\s*앞|회사\s*앞|밤길|퇴근길|하굣길|오늘\s*밤|내일|가족|부모|"
    r"진심|농담\s*아니|장난\s*아니|게임\s*아니|현실에서)",
    re.IGNORECASE,
)
MIN_TRAINED_CHARS = 4
# The trained stage counts from this probability on (mapped to the policy's 0.5). Re-chosen for
# the model with the sentence vector on issue 15's dev sets: 0.55 / 0.6 / 0.65 tried; 0.6 and
# 0.65 cost 2-4 points of recall for 1-2 points of FPR (issue 15's final set was kept apart).
TRAINED_FLOOR = 0.55
#: What a person types is flagged by the trained stage alone, with no rule, word list or profanity
#: score agreeing (all under ``SUPPORT``), only from this probability on. Such lone flags were nearly
#: all the false flags on ordinary traffic (a parking-garage HDRI, a lighthouse whose light sweeps
#: around). On the seen sets (issue 15's final4-7, ordinary_dev, planner sets): 0.6 flagged 9 of
#: 2,013 ordinary lines (0.55: 12, 0.65: 8) for at most two harmful lines a set (0.65: up to three).
TRAINED_FLOOR_ALONE = 0.6
SUPPORT = 0.2
# With the trained stage on, the embedding stage only sees lines the trained model is not sure
# are harmless (it added nothing on the dev sets once the trained stage was in, and costs ~5-9 ms).
TRAINED_CLEAR = 0.15
#: An insult aimed at someone ("you" plus a swear word, "shut up", "ur so trash") decides on its own
#: only when the trained stage gives the whole line at least this harmful probability: friends'
#: banter ("lol fuck off you got lucky, rematch", "loser buys pizza") reads as harmless there and
#: was most of the rules' false flags on the issue 15 sets (11 of 15 under 0.25, no abuse line).
#: Only for what a person types: a persona's reply that calls the player a shithead is masked as before.
AIM_CONFIRM = 0.25
AIMED_RULES = frozenset({"shut-up", "ko-insult-you", "insult-compare", "insult-you-wide", "ko-insult-vocative"})
DECIDED = 0.5  # an injection/self-harm/illicit/sexual score at or above this needs no second opinion
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
    r"untraceable|fake id|track (?:my|his|her|someone)|knock (?:them|him|her|someone) out|break into|"
    r"funeral|giving away|done with|bottle|serial number|invoice|clone|launder\w*|undetect\w*|"
    r"bed|bedroom|naked|undress\w*|clothes|intimate|lover|spicy|dirty|naughty|steamy|sheets|touch\w*|seduc\w*|sensual\w*|alone together)\b",
    re.IGNORECASE,
)


_VIOLENT = frozenset({"violence", "violence/graphic"})
#: A hint: under every general threshold (0.5), so it never flags alone, but over the children's
#: harassment threshold (0.4), so the children's guide still deflects swearing.
HINT = 0.45
#: Lexicon words that do not decide alone: swearing is emphasis as often as abuse ("렉 시발",
#: "stupid ass rain"), topic words name a topic ("자살예방 상담전화"). The trained stage reads the
#: whole line; the lexicon still masks and decides slurs and sexual terms about minors.
LEXICON_CAP: dict[str, float] = {"harassment": HINT, "self-harm": HINT, "sexual": HINT}
#: how the audit log names a lexicon hit's family of evidence
LEXICON_FAMILY = {"harassment": "insult", "hate": "slur", "sexual": "sexual-term", "sexual/minors": "minor+sexual",
                  "violence": "violent-term", "violence/graphic": "gore-term", "self-harm": "self-harm-term",
                  "illicit": "illicit-term", "injection": "injection-phrase"}


class SentenceEncoder(Protocol):
    def encode(self, texts: list[str]) -> Any: ...


@dataclass
class ClassifierStats:
    """How many lines each stage saw (the benchmark reports the embedding share)."""

    lines: int = 0
    embedded: int = 0


class EmbeddedClassifier:
    """Offline classifier. ``encoder`` is any sentence encoder (the process's shared encoder,
    ``agent.encoder.shared_encoder``, by default, loaded on first need); ``use_embeddings=False``
    keeps to stage 1.

    ``use_embeddings`` left unset means: the embedding stage runs when an ``encoder`` is given or
    the trained stage is off. With the trained stage on it changed no decision on the dev,
    fresh, fresh2 or fresh3 sets and cost 5-9 ms on the lines it saw (p95 over 2 ms), so it
    is opt-in there (``use_embeddings=True``)."""

    name = "embedded"

    def __init__(self, *, encoder: SentenceEncoder | None = None, use_embeddings: bool | None = None,
                 use_profanity_model: bool = False, use_trained: bool = True, trained_floor: float = TRAINED_FLOOR,
                 alone_floor: float = TRAINED_FLOOR_ALONE, trained_encoder: bool = True, lexicon: Lexicon | None = None) -> None:
        self._encoder = encoder
        self.trained_encoder = trained_encoder  # the sentence vector as a feature of the trained stage
        self.use_embeddings = (encoder is not None or not use_trained) if use_embeddings is None else use_embeddings
        self.use_trained = use_trained
        self.trained_floor = trained_floor
        self.alone_floor = max(alone_floor, trained_floor)
        self._trained = None
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
        self._trained_scorer()
        if self.use_embeddings:
            self._exemplars()
        return self

    def _profanity_model(self):
        if self._profanity is None and self.use_profanity_model:
            from persona.safety.profanity import load_profanity_model

            self._profanity = load_profanity_model()
        return self._profanity

    def _trained_scorer(self):
        if self._trained is None and self.use_trained:
            with self._lock:
                if self._trained is None:
                    from persona.safety.scorer import TrainedScorer

                    # the weights were fitted on the shared encoder's vectors; ``encoder`` is the exemplar stage's
                    self._trained = TrainedScorer(use_encoder=self.trained_encoder)
        return self._trained

    def _exemplars(self):
        if self._index is None:
            with self._lock:
                if self._index is None:
                    from persona.safety.exemplars import ExemplarIndex

                    encoder = self._encoder
                    if encoder is None:
                        from agent.encoder import shared_encoder

                        encoder = shared_encoder()
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
            assessment, unsure = self._stage_one(text, stage)
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
                            f"close to exemplar {item.nearest!r} (cosine {item.similarity:.2f})",
                            stage="exemplars", family=item.category)
        return results

    # -- stage 1 -------------------------------------------------------------------------------
    def _stage_one(self, text: str, stage: str = "input") -> tuple[Assessment, bool]:
        norm = normalize(text)
        has_korean = norm.language == "ko" or norm.korean != norm.plain or has_hangul(text)
        assessment = Assessment(language=norm.language)
        assessment.fiction = bool(FICTION_CUES.search(norm.clean))
        directed = self._directed(norm)
        # Idioms ("this boss fight is killing me", "배고파 죽겠다") are blanked for the violence
        # lexicon only; rules still read the whole line, so a threat next to an idiom is seen.
        violence_text, idiomatic = benign_spans_removed(norm.clean if not has_korean else norm.korean,
                                                        korean=has_korean)
        violence_norm = normalize(violence_text) if idiomatic else norm
        real_world = bool(REAL_WORLD_ANCHOR.search(norm.clean) or (has_korean and REAL_WORLD_ANCHOR.search(norm.korean)))
        # the trained stage reads first (the rules' aimed insults wait on it) but raises last, as before:
        # on a tie the rule that fired keeps the provenance
        trained = Assessment(language=norm.language, fiction=assessment.fiction)
        harmful = self._trained_scores(norm, trained, real_world)
        # a persona's own reply or a generation prompt never gets the banter reading: there the rules decide
        confirmed = harmful is None or harmful >= AIM_CONFIRM or stage != "input"
        self._lexicon_scores(norm, assessment, directed and confirmed, violence_norm=violence_norm, stage=stage)
        for rule, matched in match_rules(norm.clean, norm.korean, has_korean=has_korean):
            category, score = rule.category, rule.score
            if rule.name in THREAT_RULES:
                if real_world:
                    score = max(score, 0.95)  # a real place or person: never story violence
                elif assessment.fiction:
                    category = "violence"  # "I will kill you, foul beast!" inside a story
                else:  # "gonna murder you in smash tonight": banter or threat is the trained stage's call
                    score = min(score, HINT)
            elif rule.name in AIMED_RULES and not confirmed:
                score = min(score, HINT)  # banter unless the trained stage reads harm (AIM_CONFIRM)
            assessment.raise_to(category, score, f"rule {rule.name}: {matched!r}", stage="rules", family=rule.name)
        self._profanity_score(norm, assessment, directed)
        if stage == "input" and max(assessment.scores.values()) < SUPPORT:
            self._unsure_alone_dropped(trained)
        assessment.absorb(trained)
        decided = (max(assessment.scores[c] for c in ("injection", "self-harm", "illicit", "sexual")) >= DECIDED
                   or max(assessment.scores.values()) >= CLEAR)
        gate_text = violence_norm.clean if idiomatic else norm.clean
        unsure = (self.use_embeddings and not decided and norm.language == "en" and bool(EMBEDDING_CUES.search(gate_text))
                  and (harmful is None or harmful >= TRAINED_CLEAR))
        return assessment, unsure

    def _trained_scores(self, norm: Normalized, assessment: Assessment, real_world: bool) -> float | None:
        """Raise categories the trained model is sure of; returns its total harmful probability.

        (Reading a line that quotes a script as its frame and its quoted spans apart was tried:
        a quoted line alone, "nobody got out of here", reads as a threat without its frame, and
        the false flags on ordinary traffic rose; the whole line is read.)"""
        scorer = self._trained_scorer()
        if scorer is None:
            return None
        if sum(ch.isalnum() for ch in norm.clean) < MIN_TRAINED_CHARS:
            return None  # a letter or two ("b") is all template noise to an n-gram model; the rules still run
        from persona.safety.train_corpus import CATEGORY_OF

        scored = scorer.score([norm])[0]
        probabilities = scored.probabilities
        totals: dict[str, tuple[float, str]] = {}
        for label, category in CATEGORY_OF.items():
            if label == "threat" and assessment.fiction and not real_world:
                category = "violence"  # a threat inside a story, as for the threat rules
            total, top = totals.get(category, (0.0, label))
            if probabilities[label] > probabilities.get(top, 0.0) or total == 0.0:
                top = label
            totals[category] = (total + probabilities[label], top)
        floor = self.trained_floor
        for category, (probability, label) in totals.items():
            if probability >= floor:
                score = self._trained_score(probability)
                assessment.raise_to(category, score, f"trained model: {label} {probability:.2f}", stage="trained",
                                    family=scorer.family(label, scored), features=scored.families.get(label))
        return sum(probabilities[label] for label in CATEGORY_OF)

    def _unsure_alone_dropped(self, trained: Assessment) -> None:
        """Forget what the trained stage alone is under ``alone_floor`` sure of (no rule or word agrees)."""
        needed = self._trained_score(self.alone_floor)
        for category, score in trained.scores.items():
            if 0.0 < score < needed:
                trained.scores[category] = 0.0

    def _trained_score(self, probability: float) -> float:
        """The policy score a trained probability maps to (the floor maps to 0.5)."""
        floor = self.trained_floor
        return 0.5 + 0.45 * (probability - floor) / (1.0 - floor)

    @staticmethod
    def _directed(norm: Normalized) -> bool:
        return any(token in DIRECTED_EN for token in norm.tokens) or bool(DIRECTED_KO.search(norm.korean))

    def _lexicon_scores(self, norm: Normalized, assessment: Assessment, directed: bool, *,
                        violence_norm: Normalized | None = None, stage: str = "input") -> None:
        best: dict[str, tuple[float, str]] = {}
        terms: dict[str, set[str]] = {}
        plain = norm.plain + " " + norm.korean
        hits = self.lexicon.match(norm)
        if violence_norm is not None and violence_norm is not norm:
            hits = [h for h in hits if h.category not in _VIOLENT] + [
                h for h in self.lexicon.match(violence_norm) if h.category in _VIOLENT]
        for hit in hits:
            terms.setdefault(hit.category, set()).add(hit.term)
            if hit.weight > best.get(hit.category, (0.0, ""))[0]:
                best[hit.category] = (hit.weight, hit.term)
        for category, (weight, term) in best.items():
            score = weight + 0.1 * (len(terms[category]) - 1)
            why = f"lexicon {term!r}"
            family = LEXICON_FAMILY.get(category, category)
            # a generation prompt is what an image or a voice line is made from ("a naked elf" is drawn,
            # "a fucking huge sword" is spoken as written): there every lexicon word decides, as before
            cap = 0.95 if stage == "generation" else LEXICON_CAP.get(category, 0.95)
            if category == "harassment" and directed and weight >= 0.25:
                score += DIRECTED_BOOST
                why += " aimed at someone"
                family += "/aimed"
                cap = 0.95  # "you shithead": an insult aimed at someone decides on its own
            if term.strip("*") not in plain:  # found only once the spelling tricks were undone
                family += "+obfuscation"
            assessment.raise_to(category, min(score, cap), why, stage="lexicon", family=family)

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
            assessment.raise_to("harassment", value, f"profanity model {probability:.2f}, aimed at someone",
                                stage="profanity", family="insult/aimed")
        elif probability >= 0.9 and harassment >= 0.3:
            assessment.raise_to("harassment", harassment + 0.1, f"profanity model {probability:.2f} agrees",
                                stage="profanity", family="insult")
