"""How a persona reacts to a world event it is told of (``POST /v1/sessions/{id}/narrate``), without
an LLM: a line for the feeling the event stirs (``persona.emotion``: a cursed ring is frightening,
a gift is happy news), in the persona's language, then a knowledge fact the event touches, if any.
Deterministic for a given event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.text import detect_language
from persona.emotion import emotion_for
from persona.smalltalk import _pick, retrieve_fact

if TYPE_CHECKING:
    from persona.card import PersonaCard

LINES = {
    "en": {"afraid": ("Careful now! I don't like the sound of that.", "That's dangerous. Watch yourself."),
           "angry": ("What?! That won't stand.", "That makes my blood boil."),
           "sad": ("Oh no... that's a heavy thing to hear.", "That's sad news."),
           "surprised": ("Well, I didn't see that coming!", "Really? Now that's a surprise."),
           "happy": ("Now that's good news!", "Wonderful! That's a fine turn of events."),
           "thinking": ("Hmm. I wonder what that means.", "Let me think about what that could mean."),
           "neutral": ("I see. I'll keep that in mind.", "Noted. Let's see what comes of it.")},
    "ko": {"afraid": ("조심하세요! 느낌이 좋지 않아요.", "위험해 보여요. 조심해야 해요."),
           "angry": ("뭐라고요?! 그냥 둘 수 없어요.", "정말 화가 나네요."),
           "sad": ("저런... 마음이 무거워지네요.", "슬픈 소식이에요."),
           "surprised": ("어머, 그건 생각도 못 했어요!", "정말요? 깜짝 놀랐어요."),
           "happy": ("정말 좋은 소식이에요!", "와, 잘됐네요!"),
           "thinking": ("음, 그게 무슨 뜻일까요?", "어떤 의미인지 생각해 볼게요."),
           "neutral": ("그렇군요. 기억해 둘게요.", "알겠어요. 어떻게 되는지 지켜볼게요.")},
}


def react(event: str, card: "PersonaCard | None" = None, language: str | None = None) -> str:
    """The persona's untagged reaction to ``event`` (tags: ``persona.emotion.tag_reply``)."""
    lang = "ko" if (language or (card.language if card is not None else detect_language(event))) == "ko" else "en"
    line = _pick(LINES[lang][emotion_for(event, card)], event)
    fact = retrieve_fact(card.knowledge, event, ignore=card.name) if card is not None else None
    return f"{line} {fact}" if fact and detect_language(fact) == lang else line
