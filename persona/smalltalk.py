"""The embedded responder's talk-only turns: greet, thank, say goodbye, answer "what can you
do", make small talk from the persona's knowledge and example lines, and be honest about
what it cannot do (no live information, no tool for the request, no knowledge of a topic).

No LLM: intents are matched with English and Korean patterns, knowledge facts are retrieved
by IDF-weighted content-word overlap (``memory.lexical``: Korean particles stripped), and
every choice is deterministic for a given request, so replies are reproducible. Nothing here
claims a result: turns with tool steps are described by ``persona.responder`` from the outcomes.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import TYPE_CHECKING, Sequence

from memory.buffer import WORLD_EVENT
from memory.lexical import all_forms, content_terms

if TYPE_CHECKING:
    from persona.card import PersonaCard

_I = re.IGNORECASE
GREETING = re.compile(r"^\W*(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening|day)|greetings|howdy|"
                      r"안녕(?!히)|반가|처음 뵙|좋은 (?:아침|저녁))", _I)
THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|cheers|appreciate)\b|고마|감사|땡큐", _I)
FAREWELL = re.compile(r"\b(?:bye|goodbye|good night|see you|see ya|farewell|later)\b|안녕히|잘 ?가|잘 ?있어|또 ?봐|"
                      r"다음에 ?봐|잘 ?자", _I)
CAPABILITIES = re.compile(
    r"\bwhat (?:can|could|do) you (?:do|make|create)|\bwhat are you\b|\bwho are you\b|\bhow (?:does|do) "
    r"(?:this|it|you) work|\bwhat (?:tools|can i ask)|\bhelp\b|뭘 ?(?:할|만들) ?수|무엇을 ?(?:할|만들) ?수|"
    r"뭐 ?(?:할|만들) ?수|(?:할|만들) ?수 ?있는 ?(?:게|것|거)|누구(?:야|세요|니|예요|신가요)|도움말|사용법", _I)
LIVE_INFO = re.compile(
    r"\b(?:weather|forecast|news|headlines?|stocks?|exchange rate|score|what time is it|today'?s date|"
    r"search (?:the )?(?:web|internet)|google|browse|look (?:it )?up online)\b|날씨|일기 ?예보|뉴스|주가|환율|"
    r"지금 몇 ?시|오늘 (?:며칠|날짜)|검색해|인터넷", _I)
ACTION_REQUEST = re.compile(
    r"^\W*(?:(?:can|could|would|will) you|please\b|(?:send|email|call|book|order|buy|remind|schedule|translate|"
    r"write|code|calculate|play|open|install|download|upload|post|pay)\b)|(?:해|줘|주)\s*(?:줘|주세요|줄래|줄 ?수)|"
    r"할 ?수 ?있어", _I)
RECALL = re.compile(
    r"\bwhat (?:did|have) i (?:just )?(?:say|said|tell|told|mention|ask)|\bdo you remember\b|\bremember what\b|"
    r"\bwhat was i (?:saying|talking about)|\bwhat did we talk about|"
    r"내가 (?:아까 |방금 |전에 )?(?:뭐|무엇|무슨)|기억(?:해|나|하니|하세요|하시나요)|뭐라고 했", _I)
HAPPENED = re.compile(r"\bwhat(?:'s| has| just| was)? (?:just )?(?:happen(?:ed|ing)|going on)\b|\bwhat was that\b|"
                      r"무슨 일|어떻게 된|뭐가 일어|방금 뭐", _I)
QUESTION = re.compile(r"\?\s*$|^\W*(?:what|who|where|when|why|how|which|is|are|do|does|did)\b|"
                      r"(?:까|니|나요|가요|어요|죠|야)\s*\??\s*$|뭐|누가|어디|언제|왜|어떻게", _I)

TOOL_WORDS = {
    "en": {"image": "pictures", "panorama": "360° panoramas", "video": "videos", "mesh": "3D models",
           "motion": "character motion", "speech": "speech", "transcribe": "transcripts of recordings",
           "avatar": "talking avatars"},
    "ko": {"image": "그림", "panorama": "360° 파노라마", "video": "영상", "mesh": "3D 모델", "motion": "캐릭터 모션",
           "speech": "음성", "transcribe": "녹음 받아쓰기", "avatar": "말하는 아바타"},
}
TOOL_ORDER = ("image", "panorama", "video", "mesh", "motion", "speech", "transcribe", "avatar")

LINES = {
    "en": {
        "hello": "Hello!",
        "can": "I'm Atelier. I can make {tools}. Tell me what to create, e.g. \"make a red wooden table in 3D\".",
        "can_persona": "I'm {name}{role}. I can make {tools} for you — just say what you'd like.",
        "cannot_make": "I can't make things here, but I'm glad to talk.",
        "thanks": "You're welcome! Tell me if you'd like anything else made.",
        "bye": "Goodbye! Your files stay in this session's folder.",
        "live": "I can't look up live information such as weather, news or the time: I have no internet "
                "access here, only my own tools.",
        "no_tool": "I can't do that: none of my tools does it. What I can do: make {tools}.",
        "unknown": "I don't know about that; I only know what I was told and what we made together.",
        "remembered": "You told me before: “{fact}”",
        "recent": "You said: “{fact}”",
        "happened": "Just now: {fact}",
        "nothing_said": "You haven't told me anything about that yet.",
    },
    "ko": {
        "hello": "안녕하세요!",
        "can": "저는 아틀리에예요. {tools} 같은 것을 만들 수 있어요. 만들고 싶은 것을 말해 주세요. 예: \"빨간 나무 탁자를 3D로 만들어 줘\"",
        "can_persona": "저는 {role}{name}입니다. {tools} 같은 것을 만들어 드릴 수 있어요. 원하는 걸 말해 주세요.",
        "cannot_make": "여기서는 무언가를 만들 수는 없지만, 이야기는 얼마든지 나눌 수 있어요.",
        "thanks": "천만에요! 또 만들고 싶은 게 있으면 말해 주세요.",
        "bye": "안녕히 가세요! 만든 파일은 이 세션 폴더에 그대로 있어요.",
        "live": "날씨, 뉴스, 시간 같은 실시간 정보는 찾아볼 수 없어요. 여기서는 인터넷에 접속할 수 없고 제 도구만 쓸 수 있어요.",
        "no_tool": "그건 할 수 없어요. 제 도구 중에 그런 일을 하는 것이 없어요. 제가 할 수 있는 것: {tools} 만들기.",
        "unknown": "그건 잘 모르겠어요. 제가 아는 건 들은 것과 우리가 함께 만든 것뿐이에요.",
        "remembered": "전에 이렇게 말해 주셨죠: “{fact}”",
        "recent": "이렇게 말씀하셨어요: “{fact}”",
        "happened": "방금 이런 일이 있었어요: {fact}",
        "nothing_said": "아직 그 얘기는 들은 적이 없어요.",
    },
}


def _pick(lines: Sequence[str], seed: str) -> str:
    return lines[int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:8], 16) % len(lines)]


def tool_list(language: str, tools: Sequence[str]) -> str:
    """The tools in words, in a fixed order: "pictures, videos and 3D models"."""
    words = TOOL_WORDS["ko" if language == "ko" else "en"]
    named = [words[t] for t in TOOL_ORDER if t in tools]
    if len(named) <= 1:
        return "".join(named)
    joiner = ", "
    return joiner.join(named[:-1]) + (", " if language == "ko" else " and ") + named[-1]


def retrieve_fact(facts: Sequence[str], query: str, *, ignore: str = "") -> str | None:
    """The fact that best matches the query's content words, weighted by how rare each word is
    among the facts (a word in every fact, like the persona's name, counts little); ``None``
    when no content word of the query appears in any fact. ``ignore``: words never to match on."""
    terms = content_terms(query)
    if not terms or not facts:
        return None
    ignored = all_forms(ignore) if ignore else frozenset()
    forms = [all_forms(fact) for fact in facts]
    best, best_score = None, 0.0
    for index, fact_forms in enumerate(forms):
        score = 0.0
        for term in terms:
            if term & ignored or not term & fact_forms:
                continue
            df = sum(1 for other in forms if term & other)
            score += math.log((len(facts) + 1) / df)
        if score > best_score:
            best, best_score = facts[index], score
    return best


def said_before(history: Sequence[dict[str, str]], query: str) -> str | None:
    """What the user said earlier in this conversation that the question asks about: the line
    sharing the most rare words with it, else (a bare "what did I just say?") the newest one."""
    lines = [m["content"].strip() for m in history if m.get("role") == "user" and m.get("content", "").strip()]
    if not lines:
        return None
    return retrieve_fact(list(reversed(lines)), RECALL.sub(" ", query)) or lines[-1]


def latest_event(history: Sequence[dict[str, str]]) -> str | None:
    """The newest world event the persona was told of (``narrate``), from the conversation."""
    for message in reversed(history):
        content = str(message.get("content", ""))
        if content.startswith(WORLD_EVENT):
            return content[len(WORLD_EVENT):].strip()
    return None


def instruction_facts(instructions: str | None) -> list[str]:
    """The sentences of a client's system message, as facts the persona may answer from."""
    from agent.text import split_sentences

    return split_sentences(instructions or "")[:40]


def talk_reply(request_text: str, language: str, *, persona: "PersonaCard | None" = None,
               memories: Sequence[str] = (), tools: Sequence[str] = TOOL_ORDER,
               history: Sequence[dict[str, str]] = (), instructions: str | None = None) -> str:
    """The reply to a turn without tool steps. ``tools``: the tools this installation has;
    ``history``: the conversation so far (``[{"role", "content"}]``, oldest first), asked about
    by "what did I just say?"; ``instructions``: a client's system message, its sentences facts
    the persona knows besides its card."""
    from persona.style import pick_line

    lang = "ko" if language == "ko" else "en"
    lines = LINES[lang]
    text = request_text.strip()
    seed = text or lang
    allowed = [t for t in tools if persona is None or persona.allowed_tools is None or t in persona.allowed_tools]
    parts: list[str] = []
    greeted = bool(GREETING.search(text))
    if greeted:
        parts.append((pick_line(persona.greetings, seed, lang) if persona is not None else None) or lines["hello"])
    known = [*(persona.knowledge if persona is not None else ()), *instruction_facts(instructions)]
    recalled = RECALL.search(text)
    happened = latest_event(history) if HAPPENED.search(text) else None
    fact = None if recalled or happened else retrieve_fact(known, text, ignore=persona.name if persona is not None else "")
    if happened:
        parts.append(lines["happened"].format(fact=happened))
        fact = happened
    elif recalled:
        earlier = said_before(history, text) or (memories[0].strip() if memories else None)
        parts.append(lines["recent" if history else "remembered"].format(fact=earlier) if earlier
                     else lines["nothing_said"])
        fact = earlier
    elif fact:
        parts.append(fact)
    elif CAPABILITIES.search(text) or not text or (greeted and persona is None and not _rest_after_greeting(text)):
        parts.append(_capabilities(lang, persona, allowed))
    elif LIVE_INFO.search(text):
        parts.append(lines["live"])
    elif THANKS.search(text):
        parts.append(lines["thanks"])
    elif FAREWELL.search(text):
        parts.append(lines["bye"])
    elif memories:
        parts.append(lines["remembered"].format(fact=memories[0].strip()))
    elif ACTION_REQUEST.search(text):
        parts.append(lines["no_tool"].format(tools=tool_list(lang, allowed)) if allowed else lines["cannot_make"])
    elif QUESTION.search(text):
        parts.append(lines["unknown"])
    elif not greeted:
        parts.append(_capabilities(lang, persona, allowed) if persona is None else "")
    example = pick_line(persona.example_lines, seed + "line", lang) if persona is not None else None
    if example and not fact:
        parts.append(example)
    return " ".join(part for part in parts if part).strip() or _capabilities(lang, persona, allowed)


def _rest_after_greeting(text: str) -> str:
    return GREETING.sub("", text, count=1).strip(" \t!.,~?")


def _capabilities(lang: str, persona: "PersonaCard | None", allowed: Sequence[str]) -> str:
    lines = LINES[lang]
    if not allowed:
        return lines["cannot_make"]
    tools = tool_list(lang, allowed)
    if persona is None:
        return lines["can"].format(tools=tools)
    from agent.text import detect_language

    own = persona.role if persona.role and detect_language(persona.role) == lang else ""  # no English role in Korean
    role = (f"{own} " if own else "") if lang == "ko" else (f", {own}" if own else "")
    return lines["can_persona"].format(name=persona.name, role=role, tools=tools)
