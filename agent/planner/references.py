"""Reference resolution: which earlier result (or stored artifact) a clause builds on.

A clause refers back when it says so ("it", "that drawing", "the dragon", "그걸로", "그 그림",
"아까 만든 용"), when it is chained by its connective (Korean "-서", "그걸로"), or when it has no
subject of its own after an earlier step ("용을 그리고 영상으로 만들어줘", "draw a fox, then
animate"). The target is the newest earlier step whose output kind the consuming tool accepts
(``ToolSpec.field_for``), preferring a step of the kind named ("that model" -> mesh) or whose
subject is named ("the dragon"). When no step of this request fits, an uploaded attachment
and then an artifact of an earlier turn (``PlanContext.recent_artifacts``) is used, newest
first, as ``{"$artifact": id}``; one whose prompt the clause describes comes first, by shared
words or, across languages ("아까 만든 용" for "a red dragon"), by the sentence encoder's
``similarity`` when the planner has one.

Across turns the referent is chosen first and checked second (:func:`earlier_referent`): "it",
"that", "그거" (or a Korean causative with no object, "걷게 해줘") is the newest result, or the
one the conversation spoke of last; a named subject ("that sword", "아까 그 성") is the result
whose words it shares. When that referent cannot take the action (a picture cannot walk, a
table has no limbs to dance with), no older result is taken in its place: the step is left
out and a :class:`Unresolved` says why, so the reply can tell the player and offer the nearest
thing (:func:`unresolved_note`). A named subject that no result has is made afresh, and said so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from agent.encoder import standing_out
from agent.text import detect_language, with_particle
from agent.tool import ToolSpec
from agent.uploads import FORMATS, format_for_name
from agent.types import Artifact, Words

_EN_STOPWORDS = frozenset(
    "the a an of with and in on at to for from into onto by as that this those these it its them they him her his "
    "make create draw some one two three very big small little red blue green".split()
)

_EN_REF_NOUNS = (
    r"(?:picture|pic|image|drawing|illustration|painting|sketch|portrait|photo|render|model|mesh|asset|video|clip|movie|"
    r"animation|audio|recording|voice|speech|narration|sound|panorama|skybox|motion|dance|character|avatar|file|one|"
    r"memo|result|output|thing|guy|girl|boy|man|woman|creature|robot)s?"
)
_EN_CUE = re.compile(
    r"\b(?:it|its|itself|them|themselves)\b|"
    # an earlier turn's asset named by when or by whom it was made: "the dragon from before",
    # "yesterday's knight", "the castle you made", "the one I drew earlier"
    r"\b(?:from|made|created|drawn|built|generated)\s+(?:before|earlier|yesterday|last\s+time|previously)\b|"
    r"\byesterday'?s\b|\b(?:earlier|previous|last)\s+(?:one|time)\b|"
    r"\b(?:the|my|our|that)\s+(?:\w+\s+){0,3}(?:i|you|we)\s+(?:just\s+)?(?:made|created|drew|generated|built|rendered|uploaded)\b|"
    r"\bthe\s+same\b|\bthe\s+(?:result|output|above)\b|\bthe\s+one\s+(?:you|i|we)\b|"
    r"\b(?:the|that|this|my|our)\s+(?:last|previous|earlier|new|latest)\b|"
    r"\b(?:make|have|let|get|animate|help)\s+(?:him|her|them)\b|\b(?:he|she)\s+(?:says|speaks|talks|dances|sings)\b|"
    r"\b(?:these|those)\b(?!\s+(?:are|were|look|have)\b)|"
    r"\bthis\b(?!\s+(?:time|morning|evening|afternoon|week|weekend|year|is|was)\b)|"
    r"^that\b|\bthat\s*$|"
    r"\b(?:of|from|with|use|using|animate|turn|make|take|put|give|into|on|to|for|convert|transform|render|rig|voice|"
    r"read|say|speak|transcribe|narrate|sync|spin|rotate|show|print|export|texture|paint|copy|upscale|edit|add|"
    r"based\s+on)\s+that\b|"
    r"\bthat\s+(?:\w+\s+)?" + _EN_REF_NOUNS + r"\b|"
    r"\b(?:the|this|these|those)\s+(?:\w+\s+)?" + _EN_REF_NOUNS + r"\b",
    re.IGNORECASE,
)
_KO_CUE = re.compile(
    r"(?:그걸|그것|그거|이걸|이것|이거|저걸|저것|저거|걔|얘|쟤|방금|아까|위의|앞의|앞에서|위에서|해당|거기|여기|어제|지난번|"
    r"예전에|전에\s*(?:만든|그린)|"
    r"(?:만든|그린|생성한|만들었던|그렸던)\s*(?:거|것|걸|게)|결과물|(?:^|(?<=\s))(?:그|이|저)\s+\S+|"
    r"(?:^|(?<=\s))이(?:를|로|로써)(?=\s))"  # the formal "이를 … 영상으로 렌더링해 주시기 바랍니다"
)
# A Korean causative with no object of its own makes something else move: "걷게 해줘", "춤추게 만들어".
_KO_CAUSATIVE = re.compile(r"\S(?:게|도록)\s*(?:해|하여|만들어|시켜)")

_KIND_WORDS_EN: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(r"\b(?:the|that|this|these|those|my|our|your|same|last|previous|attached|uploaded)\s+(?:\w+\s+)?" + words + r"\b", re.IGNORECASE))
    for kind, words in (
        ("image", r"(?:pictures?|pics?|images?|illustrations?|paintings?|drawings?|sketch(?:es)?|portraits?|photos?|"
                  r"photographs?|renders?|artworks?|posters?|selfies?)"),
        ("mesh", r"(?:3d\s+models?|models?|meshe?s?|assets?|sculptures?|figurines?|props?|glbs?)"),
        ("video", r"(?:videos?|clips?|movies?|films?|footage|animations?)"),
        ("audio", r"(?:audio|recordings?|voice(?:\s+(?:memo|note|message|clip|line))?s?|speech|narration|sounds?|"
                  r"voice\s*-?\s*overs?|wav|memo|voicemail|greeting)"),
        ("motion", r"(?:motions?|dances?|moves?|mocap|bvh|walk\s+cycles?)"),
    )
)
_KIND_WORDS_KO: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("image", re.compile(r"그림|이미지|사진|일러스트|초상화|포스터|스케치|드로잉")),
    ("mesh", re.compile(r"3d|모델|메시|메쉬|입체|에셋|피규어", re.IGNORECASE)),
    ("video", re.compile(r"영상|동영상|비디오|클립")),
    ("audio", re.compile(r"음성|목소리|녹음|오디오|소리|내레이션")),
    ("motion", re.compile(r"모션|동작|춤")),
)
_EN_DETERMINED = re.compile(r"\b(?:the|that|this|my|our|those|these|said)\s+((?:\w+\s+){0,2}\w+)", re.IGNORECASE)
_KO_DETERMINED = re.compile(r"(?:^|(?<=\s))(?:그|이|저|아까|방금)\s+(?:(?:만든|그린|생성한)\s+)?(\S+)")
_KO_PARTICLES = re.compile(r"(?:을|를|은|는|이|가|도|으로|로|의|에게|한테|랑|과|와)$")


_SUFFIXES = frozenset({suffix for fmt in FORMATS for suffix in fmt.suffixes} | {".txt", ".glb", ".json"})

# (phrase, prompts) -> one cosine per prompt: the planner's sentence encoder
Similarity = Callable[[str, Sequence[str]], Sequence[float]]


@dataclass
class PlannedStep:
    """What later clauses need to know about a step already in the plan."""

    id: str
    tool: str
    produces: tuple[str, ...]
    prompt: str | None = None
    words: frozenset[str] = field(default_factory=frozenset)


def content_words(text: str, language: str) -> frozenset[str]:
    """Words that identify a subject ("red dragon" -> {"dragon"}), for "the dragon" / "그 용"."""
    if language == "ko":
        return frozenset(_KO_PARTICLES.sub("", w) for w in text.split() if len(_KO_PARTICLES.sub("", w)) >= 1)
    words = set()
    for word in re.findall(r"[a-z][a-z'-]+", text.lower()):
        if len(word) >= 3 and word not in _EN_STOPWORDS:
            words.add(word[:-1] if word.endswith("s") and len(word) > 3 else word)
    return frozenset(words)


def has_reference_cue(text: str, language: str) -> bool:
    """Whether the clause points back at something ("it", "that image", "그걸로", "그 용")."""
    if language == "ko":
        return bool(_KO_CUE.search(text)) or bool(_EN_CUE.search(text) and re.search(r"[a-z]", text, re.I))
    return bool(_EN_CUE.search(text))


def is_causative(text: str, language: str) -> bool:
    """A Korean "make (it) do" with no object of its own ("이제 걷게 해줘")."""
    return language == "ko" and bool(_KO_CAUSATIVE.search(text))


def named_kind(text: str, language: str) -> str | None:
    """The artifact kind a reference names ("that drawing" -> image, "그 모델" -> mesh)."""
    if language == "ko":
        for match in _KO_DETERMINED.finditer(text):
            for kind, pattern in _KIND_WORDS_KO:
                if pattern.search(match.group(1)):
                    return kind
        for kind, pattern in _KIND_WORDS_KO:
            if re.search(r"(?:만든|그린|생성한|첨부한|올린|보낸|녹음한)\s*(?:\S+\s+)?(?:" + pattern.pattern + ")", text, re.I):
                return kind
        return None
    for kind, pattern in _KIND_WORDS_EN:
        if pattern.search(text):
            return kind
    return None


def _named_subject(text: str, language: str, steps: Sequence[PlannedStep]) -> PlannedStep | None:
    """The newest earlier step whose subject the clause names with a determiner ("the dragon")."""
    pattern = _KO_DETERMINED if language == "ko" else _EN_DETERMINED
    named: set[str] = set()
    for match in pattern.finditer(text):
        named |= content_words(match.group(1), language)
    if not named:
        return None
    for step in reversed(steps):
        if named & step.words:
            return step
    return None


@dataclass(frozen=True)
class Unresolved:
    """A reference to an earlier turn's result that could not be bound: ``unfit`` (the referent
    ``artifact`` cannot take the action of ``tool``) or ``missing`` (no result has the named
    ``words``). The planner leaves an unfit step out and says both (:func:`unresolved_note`)."""

    reason: str
    tool: str
    artifact: Artifact | None = None
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Binding:
    """One reference argument: ``field`` gets ``value`` (a ``$ref`` or ``$artifact`` object)."""

    field: str
    value: dict[str, str]
    step: PlannedStep | None = None
    prompt: str | None = None  # the prompt a stored artifact was made from, when it has one


def _field_for_kinds(spec: ToolSpec, kinds: Sequence[str]) -> str | None:
    for kind in kinds:
        name = spec.field_for(kind)
        if name is not None:
            return name
    return None


def resolve(
    spec: ToolSpec,
    text: str,
    language: str,
    *,
    link: str,
    subject: str,
    earlier: Sequence[PlannedStep],
    attachments: Sequence[Artifact] = (),
    recent: Sequence[Artifact] = (),
    specs: Mapping[str, ToolSpec] | None = None,
    has_own_text: bool = False,
    context: str = "",
    edits: bool = False,
    similarity: Similarity | None = None,
    conversation: Sequence[Mapping[str, str]] = (),
    unresolved: list[Unresolved] | None = None,
) -> list[Binding]:
    """The reference arguments of one step (possibly none).

    ``subject`` is the clause's own subject after slot extraction; an empty one after an
    earlier step means the object was omitted and is the earlier result. ``context`` is an
    earlier clause of the request that named a stored asset without asking for anything
    ("take the castle picture you drew before"): this clause's "it" is that asset. ``edits``:
    the step changes an existing result, so it must take one (an upload or earlier result).
    ``conversation``: the session's earlier lines, for which result "it" was last spoken of;
    ``unresolved``: where a reference to an earlier turn that cannot be bound is reported.
    """
    if not spec.consumes:
        return []
    named = _named_subject(text, language, earlier) if earlier else None
    bare_kind = _bare_kind_reference(spec, text, language, earlier or _as_steps(recent))
    causative = spec.name == "motion" and is_causative(text, language)
    cue = has_reference_cue(text, language) or named is not None or bare_kind is not None or causative
    cue = cue or (not earlier and bool(recent) and names_earlier_result(text, language, recent))
    omitted = not subject.strip() and bool(earlier)
    # A motion needs a body: a character built earlier in the same request is the one that
    # moves ("3D 기사 만들고 칼 휘두르는 모션 넣어줘"), unless the clause brings another one.
    carrier = spec.name == "motion" and any(step.tool == "mesh" for step in earlier) and not _NEW_BODY.search(text)
    wants_step = cue or omitted or carrier or link == "chain"
    kind_hint = (named_kind(text, language) or bare_kind) if cue else ("mesh" if carrier else None)
    if context:
        kind_hint = kind_hint or named_kind(context, language)
    bindings: list[Binding] = []
    used_fields: set[str] = set()

    def accept(field_name: str | None, value: dict[str, str], step: PlannedStep | None = None,
               prompt: str | None = None) -> None:
        if field_name is not None and field_name not in used_fields:
            used_fields.add(field_name)
            bindings.append(Binding(field_name, value, step, prompt))

    if wants_step and earlier:
        preferred = named
        ordered = ([preferred] if preferred else []) + [s for s in reversed(earlier) if s is not preferred]
        if kind_hint:
            ordered = [s for s in ordered if kind_hint in s.produces] + [s for s in ordered if kind_hint not in s.produces]
        for step in ordered:
            name = _field_for_kinds(spec, step.produces)
            if name is None or (name == "audio" and spec.name == "avatar" and has_own_text):
                continue
            accept(name, {"$ref": step.id}, step)
            break
        if spec.name == "avatar":
            # A talking head wants both a face and a voice: take the other one from this request too.
            for step in reversed(earlier):
                name = _field_for_kinds(spec, step.produces)
                if name is None or name in used_fields or (name == "audio" and has_own_text):
                    continue
                accept(name, {"$ref": step.id}, step)

    required_input = spec.name == "transcribe"
    files = named_files(text)
    # Korean drops the object it just spoke of: "천천히 돌아가는 영상으로 만들어줘" after a model
    zero = not earlier and not subject.strip() and spec.name in _ZERO_ANAPHORA
    if not bindings and (cue or omitted or required_input or not subject.strip() or context or edits or files):
        uploads = list(reversed(attachments))
        before = list(reversed(recent)) if (cue or required_input or context or edits or zero or files) else []
        pool: list[Artifact] = uploads + before
        if kind_hint:
            pool = [a for a in pool if a.kind == kind_hint] + [a for a in pool if a.kind != kind_hint]
        described = _described(f"{context} {text}" if context else text, language, pool, similarity)
        if described is not None:
            pool = [described] + [a for a in pool if a is not described]
        if files:
            # "transcribe example.wav": the file of that name; else only an upload of this very request
            # (a renamed file, or one whose name was not kept), never an older result in its place
            pool = [a for a in pool if file_name_of(a) in files] or list(reversed(attachments))
        else:
            upload = next((a for a in pool if a in uploads and spec.field_for(a.kind) is not None), None)
            if before and (upload is None or (described is not None and described not in uploads)):
                # an earlier turn's result: the referent first, then whether it can take the action
                found, problem = earlier_referent(spec, text, language, before, kind_hint=kind_hint, context=context,
                                                  conversation=conversation, strict=(cue or bool(context)) and not edits,
                                                  similarity=similarity)
                if found is None and required_input and (problem is None or problem.reason == "missing"):
                    # "transcribe the voice memo I uploaded earlier": a recording carries no prompt to match its
                    # description against; the newest recording the tool takes is the one meant
                    found = next((a for a in before if spec.field_for(a.kind) is not None), None)
                    problem = None if found is not None else problem
                if problem is not None and unresolved is not None:
                    unresolved.append(problem)
                if found is not None or problem is not None or zero:
                    pool = [found] if found is not None else []
        for artifact in pool:
            name = spec.field_for(artifact.kind)
            if name is None or (name == "audio" and spec.name == "avatar" and has_own_text):
                continue
            prompt = artifact.meta.get("prompt") if isinstance(artifact.meta, Mapping) else None
            accept(name, {"$artifact": artifact.id}, None, prompt if isinstance(prompt, str) else None)
            break
    return bindings


_FILE_NAME = re.compile(
    r"(?<![\w.-])((?:[\w-]+[\w.-]*)\.(?:" + "|".join(s.lstrip(".") for s in sorted(_SUFFIXES, key=len, reverse=True))
    + r"))(?![A-Za-z0-9_]|\.\w)", re.IGNORECASE)  # a Korean particle may follow: "example.wav를"


def named_files(text: str) -> list[str]:
    """File names the text mentions ("transcribe example.wav", "from host.jpg"), lower case, in order."""
    return list(dict.fromkeys(match.group(1).lower() for match in _FILE_NAME.finditer(text)))


def file_name_of(artifact: Artifact) -> str:
    """The name a file had when it was attached or uploaded (lower case; ``filename`` from the CLI and
    the API, ``name`` from the studio), else its stored name."""
    meta = artifact.meta if isinstance(artifact.meta, Mapping) else {}
    name = meta.get("filename") or meta.get("name")
    return (name if isinstance(name, str) and name else Path(str(artifact.path)).name).lower()


def missing_files(text: str, attachments: Sequence[Artifact], recent: Sequence[Artifact] = ()) -> list[str]:
    """File names the text mentions that were not given: no attachment or earlier result has that
    name, and no attachment of this request is of its kind (which would be taken for it)."""
    have = {file_name_of(artifact) for artifact in (*attachments, *recent)}
    kinds = {artifact.kind for artifact in attachments}
    missing = []
    for name in named_files(text):
        fmt = format_for_name(name)
        if name not in have and (fmt is None or fmt.kind not in kinds):
            missing.append(name)
    return missing


_ZERO_ANAPHORA = frozenset({"video", "mesh"})
# words a determiner may go with that name no thing of their own: "그 안을", "방금 그린 거", "that one"
_NOT_A_SUBJECT = frozenset("안 위 아래 옆 속 앞 뒤 쪽 거 것 걸 게 거를 것을 녀석 애 one ones thing things stuff "
                           "made drew created generated built rendered earlier before previously yesterday ago last "
                           "just time again".split())
_KIND_NOUNS = frozenset(
    "picture pictures image images drawing drawings illustration painting sketch portrait photo render renders model "
    "models mesh meshes asset assets video videos clip clips movie animation audio recording voice speech narration "
    "sound panorama skybox motion dance move moves file version result output character avatar 3d "
    "그림 이미지 사진 일러스트 초상화 포스터 스케치 드로잉 모델 메시 메쉬 입체 에셋 피규어 영상 동영상 비디오 클립 음성 목소리 "
    "녹음 오디오 소리 내레이션 모션 동작 춤 파일 결과 결과물 파노라마".split())


_KO_NAMED = re.compile(r"(?:^|(?<=\s))(?:그|이|저|아까|방금|어제|전에|지난번에?|예전에)\s+"
                       r"(?:(?:만든|그린|생성한|만들었던|그렸던|말한)\s+)?(\S+)")
_EN_NAMED = re.compile(r"\b(?:the|that|this|those|these|my|our|yesterday's)\s+((?:[a-z'-]+\s+){0,2}[a-z'-]+)", re.IGNORECASE)
_EN_PHRASE_END = frozenset("i you we he she they it into onto in on at to for from with of as by and or but then is "
                           "was are were a an the that this which who turning spinning moving in".split())


def named_words(text: str, language: str) -> tuple[str, ...]:
    """The subject words a reference names ("that sword I made earlier" -> sword; "아까 그 성 그림" -> 성),
    without kind nouns ("that picture") or words that name no thing ("그 안", "the one", "that into")."""
    found: list[str] = []
    if language == "ko":
        phrases = [m.group(1) for m in _KO_NAMED.finditer(text)]
    else:
        phrases = []
        for match in _EN_NAMED.finditer(text):
            words = []
            for word in match.group(1).lower().split():
                if word in _EN_PHRASE_END:
                    break
                words.append(word)
            phrases.append(" ".join(words))
    for phrase in phrases:
        for word in content_words(phrase, language):
            if word not in _NOT_A_SUBJECT and word.lower() not in _KIND_NOUNS and word not in found:
                found.append(word)
    return tuple(found)


def names_earlier_result(text: str, language: str, recent: Sequence[Artifact]) -> bool:
    """Whether a determiner phrase names the subject of an earlier result ("the knight" after a
    knight was drawn): a reference even without "it" or a kind word."""
    named = named_words(text, language)
    return bool(named) and _described(" ".join(named), language, recent) is not None


_EN_MADE_BEFORE = re.compile(
    r"\s*\b(?:(?:that|which)\s+)?(?:i|you|we)\s+(?:just\s+|already\s+)?(?:made|drew|created|generated|built|rendered)"
    r"(?:\s+(?:earlier|before|yesterday|last\s+time|previously|today))?\b|"
    r"\s*\b(?:from|made)\s+(?:before|earlier|yesterday|last\s+time)\b", re.IGNORECASE)
_KO_MADE_BEFORE = re.compile(r"(?:아까|방금|전에|어제|지난번에?)\s*(?:(?:만든|그린|생성한|만들었던|그렸던)\s*)?")


def without_reference_words(prompt: str, language: str) -> str:
    """``prompt`` without the words that only point back ("sword I made earlier" -> "sword",
    "아까 만든 칼" -> "칼"), so a thing made afresh is not named after "earlier"."""
    pattern = _KO_MADE_BEFORE if language == "ko" else _EN_MADE_BEFORE
    return " ".join(pattern.sub(" ", prompt).split()).strip(" ,.")


def _group(pool: Sequence[Artifact], head: Artifact, *, chosen: bool) -> list[Artifact]:
    """The results of the step that made ``head`` (a motion: BVH, skinned GLB, preview) in the
    order they were made, main result first; a ``chosen`` head (named by kind or subject) leads."""
    def key(artifact: Artifact) -> tuple[Any, ...]:
        return (artifact.meta.get("step_id"), artifact.meta.get("tool"), artifact.meta.get("prompt"))

    at = next(i for i, a in enumerate(pool) if a is head)
    start = end = at  # the step's results were stored one after another: the run around ``head``
    while key(head)[0] is not None and start > 0 and key(pool[start - 1]) == key(head):
        start -= 1
    while key(head)[0] is not None and end + 1 < len(pool) and key(pool[end + 1]) == key(head):
        end += 1
    mates = list(reversed(pool[start:end + 1]))
    return [head, *[a for a in mates if a is not head]] if chosen else mates


def can_take(spec: ToolSpec, artifact: Artifact) -> bool:
    """Whether ``spec``'s tool can start from ``artifact``: it accepts the kind, and a motion's
    character is a figure with a body (not a table, a picture or a level)."""
    name = spec.field_for(artifact.kind)
    if name is None:
        return False
    if spec.name == "motion" and name == "character":
        return moves_like_a_body(artifact)
    return True


def moves_like_a_body(artifact: Artifact) -> bool:
    """A mesh a humanoid motion can drive: a figure, a skinned motion GLB, or one whose object
    is unknown (a "knight" placeholder may well be one); never furniture, a level or a relief."""
    meta = artifact.meta if isinstance(artifact.meta, Mapping) else {}
    if meta.get("tool") == "motion":
        return True
    if meta.get("tool") in ("level", "avatar") or meta.get("method") == "relief":
        return False
    objects = [str(o) for o in meta.get("objects") or []]
    return "humanoid" in objects or bool(meta.get("unknown")) or not objects or "shap_e" in objects


def _spoken_of(conversation: Sequence[Mapping[str, str]], pool: Sequence[Artifact], language: str) -> Artifact | None:
    """The result the conversation spoke of last: walking back through its lines, the first one
    that shares a word with a result's prompt names it (the newest such result)."""
    for message in reversed(conversation[-8:]):
        words = content_words(str(message.get("content", "")), language)
        if not words:
            continue
        for artifact in pool:
            prompt = artifact.meta.get("prompt") if isinstance(artifact.meta, Mapping) else None
            if isinstance(prompt, str) and words & content_words(prompt, language):
                return artifact
    return None


def earlier_referent(spec: ToolSpec, text: str, language: str, pool: Sequence[Artifact], *, kind_hint: str | None,
                     context: str = "", conversation: Sequence[Mapping[str, str]] = (),
                     strict: bool = True, similarity: "Similarity | None" = None,
                     ) -> tuple[Artifact | None, Unresolved | None]:
    """What a clause refers to among earlier turns' results (``pool``: newest first) and the one
    of its step's results the tool takes; ``(None, Unresolved)`` when the referent cannot take
    the action or the named thing was never made (only when ``strict``: the clause said "it"
    or named it; an object Korean merely left out binds only when it fits)."""
    candidates = [a for a in pool if a.kind == kind_hint] if kind_hint else list(pool)
    candidates = candidates or list(pool)
    described = _described(f"{context} {text}" if context else text, language, candidates, similarity)
    named = named_words(text, language)
    if described is not None:
        head = described
    elif named and strict:
        return None, Unresolved("missing", spec.name, words=named)
    else:
        head = _spoken_of(conversation, candidates, language) if not kind_hint else None
        head = head or candidates[0]
    group = _group(pool, head, chosen=described is not None or kind_hint is not None)
    fitting = next((a for a in group if can_take(spec, a)), None)
    if fitting is not None:
        return fitting, None
    return None, (Unresolved("unfit", spec.name, artifact=group[0]) if strict else None)


def _as_steps(recent: Sequence[Artifact]) -> list[PlannedStep]:
    """Earlier turns' results as steps, for the Korean bare-kind reference ("등대 그림 영상으로")."""
    return [PlannedStep(a.id, str(a.meta.get("tool", "")), (a.kind,)) for a in recent]


# -- what the player hears about a reference that could not be bound ---------------------------
_KIND_SAID = {"image": ("picture", "그림"), "mesh": ("3D model", "3D 모델"), "video": ("video", "영상"),
              "motion": ("motion", "동작"), "audio": ("recording", "녹음"), "visemes": ("recording", "녹음"),
              "text": ("text", "글")}
_TOOL_SAID = {"image": ("a picture", "그림"), "panorama": ("a panorama", "파노라마"), "video": ("a video", "영상"),
              "mesh": ("a 3D model", "3D 모델"), "motion": ("a motion", "동작"), "speech": ("a voice line", "음성"),
              "transcribe": ("a transcript", "받아쓰기"), "avatar": ("a talking avatar", "말하는 아바타"),
              "level": ("a level", "레벨")}
# the nearest things to offer, best first, by what the referent is
_OFFERS = {"image": ("video", "mesh", "avatar"), "mesh": ("video",), "motion": ("video",),
           "audio": ("avatar", "transcribe"), "visemes": ("avatar", "transcribe"), "video": ("transcribe", "avatar")}


def _subject_said(artifact: Artifact, language: str) -> str:
    meta = artifact.meta if isinstance(artifact.meta, Mapping) else {}
    subject = " ".join(str(meta.get("prompt") or meta.get("text") or "").split()).strip(" .!?")
    if language != "ko":
        subject = re.sub(r"^(?:a|an|the|some|one)\s+", "", subject, flags=re.IGNORECASE)
    if subject and (artifact.kind in ("audio", "visemes", "text") or detect_language(subject) != language):
        subject = f"“{subject[:40]}”"
    return subject[:60]


def _referent_said(artifact: Artifact) -> tuple[str, str]:
    """"the red dragon picture" / "빨간 용 그림"."""
    kind_en, kind_ko = _KIND_SAID.get(artifact.kind, ("file", "파일"))
    subject_en, subject_ko = _subject_said(artifact, "en"), _subject_said(artifact, "ko")
    return (f"the {subject_en} {kind_en}" if subject_en else f"that {kind_en}",
            f"{subject_ko} {kind_ko}" if subject_ko else f"그 {kind_ko}")


def unresolved_note(problem: Unresolved, specs: Mapping[str, ToolSpec]) -> Words:
    """The player's words for ``problem``: what cannot be done and the nearest thing that can."""
    wanted_en, wanted_ko = _TOOL_SAID.get(problem.tool, ("that", "그것"))
    if problem.reason == "missing" or problem.artifact is None:
        words = " ".join(problem.words) or "that"
        return Words(en=f"I couldn't find a {words} we made before, so I'm making {wanted_en} of a new one.",
                     ko=f"전에 만든 {with_particle(words, '을', '를')} 찾지 못해서, 새로 만들어서 "
                        f"{with_particle(wanted_ko, '으로', '로')} 보여 드릴게요.")
    artifact = problem.artifact
    this_en, this_ko = _referent_said(artifact)
    this_en_cap = this_en[:1].upper() + this_en[1:]
    offers = [name for name in _OFFERS.get(artifact.kind, ()) if name != problem.tool and name in specs
              and can_take(specs[name], artifact)]
    offer_en = " or ".join(_TOOL_SAID[name][0] for name in offers)
    offer_ko = ", ".join(_TOOL_SAID[name][1] for name in offers)
    if problem.tool == "motion":
        if artifact.kind == "mesh":
            en = f"{this_en_cap} has no arms or legs to move with, so I can't animate it."
            ko = f"{with_particle(this_ko, '은', '는')} 팔다리가 없어서 움직이게 할 수 없어요."
        else:
            en = f"{this_en_cap} is just a {_KIND_SAID.get(artifact.kind, ('file',))[0]}, so it can't move like that."
            ko = f"{with_particle(this_ko, '은', '는')} 그렇게 움직일 수 없어요."
        en += " I can make a figure with arms and legs that does it" + (f", or {offer_en} of it." if offer_en else ".")
        ko += " 팔다리가 있는 인물을 새로 만들어서 움직여 드릴 수 있어요."
        if offer_ko:
            ko += f" {with_particle(this_ko, '으로', '로')} {with_particle(offer_ko, '을', '를')} 만들 수도 있어요."
        return Words(en=en, ko=ko)
    en = f"I can't make {wanted_en} from {this_en}."
    ko = f"{with_particle(this_ko, '으로', '로')}는 {with_particle(wanted_ko, '을', '를')} 만들 수 없어요."
    if offer_en:
        en += f" I can make {offer_en} from it instead."
        ko += f" 대신 {with_particle(offer_ko, '은', '는')} 만들 수 있어요."
    return Words(en=en, ko=ko)


_NEW_BODY = re.compile(
    r"\b(?:another|a\s+second|a\s+different|a\s+new|other)\s+(?:\w+\s+)?(?:character|person|man|woman|guy|girl|boy|body|rig)\b|"
    r"다른\s*캐릭터|새\s*캐릭터|또\s*다른",
    re.IGNORECASE,
)


def _bare_kind_reference(spec: ToolSpec, text: str, language: str, earlier: Sequence[PlannedStep]) -> str | None:
    """Korean has no articles: "모델 주위를 도는 영상" names the model made just before by its
    kind alone. A kind word that is not what this tool makes, matching an earlier step's
    output, is such a reference (English says "the model" and is caught by the cue)."""
    if language != "ko" or not earlier:
        return None
    for kind, pattern in _KIND_WORDS_KO:
        if kind in spec.produces or spec.field_for(kind) is None or not pattern.search(text):
            continue
        if any(kind in step.produces and step.tool not in ("motion", "avatar") for step in earlier):
            return kind
    return None


def _described(text: str, language: str, pool: Sequence[Artifact],
               similarity: Similarity | None = None) -> Artifact | None:
    """The newest stored artifact whose prompt shares a content word with the clause
    ("a video of the dragon from before" -> the artifact made from "a red dragon"); else the
    one whose prompt stands out as closest to what the clause names with a determiner ("아까
    만든 용" -> "용"), by ``similarity`` (another language shares no word)."""
    words = content_words(text, language)
    if not words:
        return None
    prompted = [(artifact, _prompt_of(artifact)) for artifact in pool]
    prompted = [(artifact, prompt) for artifact, prompt in prompted if prompt]
    for artifact, prompt in prompted:
        if words & content_words(prompt, language):
            return artifact
    pattern = _KO_DETERMINED if language == "ko" else _EN_DETERMINED
    # the thing named, without words that only point back ("the cat from before" -> cat)
    named = list(named_words(text, language)) or [
        w for match in pattern.finditer(text) for w in sorted(content_words(match.group(1), language))]
    if similarity is None or not named or not prompted:
        return None
    best = standing_out(list(similarity(" ".join(named), [prompt for _, prompt in prompted])))
    return prompted[best][0] if best is not None else None


def _prompt_of(artifact: Artifact) -> str:
    prompt = artifact.meta.get("prompt") if isinstance(artifact.meta, Mapping) else None
    return prompt if isinstance(prompt, str) else ""
