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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from agent.encoder import standing_out
from agent.tool import ToolSpec
from agent.uploads import FORMATS, format_for_name
from agent.types import Artifact

_EN_STOPWORDS = frozenset(
    "the a an of with and in on at to for from into onto by as that this those these it its them they him her his "
    "make create draw some one two three very big small little red blue green".split()
)

_EN_REF_NOUNS = (
    r"(?:picture|image|drawing|illustration|painting|sketch|portrait|photo|render|model|mesh|asset|video|clip|movie|"
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
    r"(?:만든|그린|생성한|만들었던|그렸던)\s*(?:거|것|걸|게)|결과물|(?:^|(?<=\s))(?:그|이|저)\s+\S+)"
)

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
) -> list[Binding]:
    """The reference arguments of one step (possibly none).

    ``subject`` is the clause's own subject after slot extraction; an empty one after an
    earlier step means the object was omitted and is the earlier result. ``context`` is an
    earlier clause of the request that named a stored asset without asking for anything
    ("take the castle picture you drew before"): this clause's "it" is that asset. ``edits``:
    the step changes an existing result, so it must take one (an upload or earlier result).
    """
    if not spec.consumes:
        return []
    named = _named_subject(text, language, earlier) if earlier else None
    bare_kind = _bare_kind_reference(spec, text, language, earlier)
    cue = has_reference_cue(text, language) or named is not None or bare_kind is not None
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
    if not bindings and (cue or omitted or required_input or not subject.strip() or context or edits or files):
        pool: list[Artifact] = list(reversed(attachments))
        if cue or required_input or context or edits or files:
            pool += list(reversed(recent))
        if kind_hint:
            pool = [a for a in pool if a.kind == kind_hint] + [a for a in pool if a.kind != kind_hint]
        described = _described(f"{context} {text}" if context else text, language, pool, similarity)
        if described is not None:
            pool = [described] + [a for a in pool if a is not described]
        if files:
            # "transcribe example.wav": the file of that name; else only an upload of this very request
            # (a renamed file, or one whose name was not kept), never an older result in its place
            pool = [a for a in pool if file_name_of(a) in files] or list(reversed(attachments))
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
    named = [w for match in pattern.finditer(text) for w in sorted(content_words(match.group(1), language))]
    if similarity is None or not named or not prompted:
        return None
    best = standing_out(list(similarity(" ".join(named), [prompt for _, prompt in prompted])))
    return prompted[best][0] if best is not None else None


def _prompt_of(artifact: Artifact) -> str:
    prompt = artifact.meta.get("prompt") if isinstance(artifact.meta, Mapping) else None
    return prompt if isinstance(prompt, str) else ""
