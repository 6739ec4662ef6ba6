"""The embedded responder's talk-only turns: greetings, thanks, "what can you do", knowledge
facts by retrieval, and honest limits — in English and Korean, with and without a persona."""

from __future__ import annotations

import pytest

from agent.types import Plan
from persona.library import PersonaLibrary
from persona.responder import reply_for
from persona.smalltalk import retrieve_fact, talk_reply


@pytest.fixture(scope="module")
def personas():
    return PersonaLibrary()


@pytest.mark.parametrize("text, language, needle", [
    ("", "en", "I can make pictures"),
    ("what can you do?", "en", "3D models"),
    ("뭘 할 수 있어?", "ko", "3D 모델"),
    ("hi!", "en", "Hello!"),
    ("thanks a lot", "en", "You're welcome"),
    ("고마워!", "ko", "천만에요"),
    ("bye for now", "en", "Goodbye"),
    ("what's the weather in Seoul today?", "en", "no internet access"),
    ("오늘 날씨 어때?", "ko", "실시간 정보"),
    ("can you send an email to my boss?", "en", "I can't do that"),
    ("what is the capital of France?", "en", "I don't know"),
])
def test_intents_without_a_persona(text, language, needle):
    assert needle in talk_reply(text, language)


def test_persona_greets_answers_from_knowledge_and_stays_honest(personas):
    smith = personas.get("blacksmith")
    hello = talk_reply("Hello! How long does a sword take?", "en", persona=smith)
    assert hello.startswith(tuple(smith.greetings)) and "three days" in hello
    assert "Greyhollow" in talk_reply("where does your iron come from?", "en", persona=smith)
    unknown = talk_reply("what is the capital of France?", "en", persona=smith)
    assert "I don't know" in unknown and any(line in unknown for line in smith.example_lines)
    can = talk_reply("what can you do?", "en", persona=smith)
    assert "Bram Ironhand" in can and "3D models" in can and "panoramas" not in can  # not an allowed tool
    guide = personas.get("museum-guide")
    assert "6시" in talk_reply("박물관은 몇 시에 문을 닫아요?", "ko", persona=guide)
    assert "6800만" in talk_reply("티라노사우루스는 언제 살았어?", "ko", persona=guide)
    assert talk_reply("안녕하세요!", "ko", persona=guide).startswith(tuple(guide.greetings))


def test_retrieval_weighs_rare_words_and_ignores_the_name(personas):
    smith = personas.get("blacksmith")
    assert retrieve_fact(smith.knowledge, "hi bram", ignore=smith.name) is None
    assert "Elna" in retrieve_fact(smith.knowledge, "who is your apprentice?", ignore=smith.name)
    assert retrieve_fact([], "anything") is None


def test_reply_for_uses_smalltalk_for_talk_only_turns(personas):
    assert "You told me before" in reply_for(Plan(language="en"), [], memories=["I love red dragons"],
                                             request_text="do you remember me?")
    assert "아틀리에" in reply_for(Plan(language="ko"), [])
    assert "천만에요" in reply_for(Plan(language="ko"), [], request_text="감사합니다")
