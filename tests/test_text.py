"""agent.text (scripts, language, sentences, binary input), Request.parse and errors.from_validation."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from agent.errors import ConfigError, InputError, PlanError, first_problem, from_validation
from agent.text import (detect_language, final_consonant, first_sentence_end, hangul_ratio, has_hangul, looks_binary,
                        split_finished, split_sentences)
from agent.types import MAX_REQUEST_CHARS, Request

# ----------------------------------------------------------------------------- language


@pytest.mark.parametrize(("text", "expected"), [
    ("draw a fox", "en"), ("여우 그려줘", "ko"), ("", "en"), ("   ", "en"), ("1234", "en"),
    ("GLB 3D 모델 만들어줘", "ko"),         # Latin tokens in a Korean request
    ("say hello in Korean: 안녕", "en"),     # a Korean word in an English request
    ("🐉🔥✨", "en"), ("용 🐉🔥", "ko"),      # emoji are not letters
    ("ㅋㅋㅋ 좋아", "ko"),                    # compatibility jamo count as Hangul
    ("\u1112\u1161\u11ab", "ko"),            # "한" decomposed (NFD) into conjoining jamo
])
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_hangul_ratio_counts_letters_only() -> None:
    assert hangul_ratio("") == 0.0 and hangul_ratio("3D!") == 0.0
    assert hangul_ratio("용 dragon") == pytest.approx(1 / 7)
    assert has_hangul("a ㅋ") and has_hangul("가") and not has_hangul("漢字 kanji")


def test_final_consonant() -> None:
    assert [final_consonant(ch) for ch in "한했가닭"] == ["ㄴ", "ㅆ", "", "ㄺ"]
    assert final_consonant("a") == "" and final_consonant("") == "" and final_consonant("ㄱ") == ""


# ----------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(("text", "expected"), [
    ("It costs 3.5 gold. Next.", ["It costs 3.5 gold.", "Next."]),
    ("Version 2.0 is out! Get it.", ["Version 2.0 is out!", "Get it."]),
    ("Dr. Kim met Mr. Lee. They talked.", ["Dr. Kim met Mr. Lee.", "They talked."]),
    ("Bring tools, e.g. a hammer. Then go.", ["Bring tools, e.g. a hammer.", "Then go."]),
    ("Wait... What was that?", ["Wait...", "What was that?"]),
    ("Hmm… 글쎄요.", ["Hmm…", "글쎄요."]),
    ('He said "Stop!" Then he left.', ['He said "Stop!"', "Then he left."]),
    ('"Stop!" he said. Fine.', ['"Stop!" he said.', "Fine."]),
    ("(Quietly.) Go on.", ["(Quietly.)", "Go on."]),
    ("The hop is a 1.1 s jump. It lands.", ["The hop is a 1.1 s jump.", "It lands."]),
    ("It lands at 3 p.m. on the mat. Done.", ["It lands at 3 p.m. on the mat.", "Done."]),
    ("We meet at 10:30. Bring 2.5 kg, approx. 3 jars.", ["We meet at 10:30.", "Bring 2.5 kg, approx. 3 jars."]),
    ("It ends at 5 p.m. Then we rest.", ["It ends at 5 p.m.", "Then we rest."]),
    ("안녕하세요. 반가워요! 오늘 날씨가 좋네요.", ["안녕하세요.", "반가워요!", "오늘 날씨가 좋네요."]),
    ("공룡은 오래전에 살았어요 그리고 사라졌습니다 끝", ["공룡은 오래전에 살았어요", "그리고 사라졌습니다", "끝"]),
    ("바다 위에 배가 있어요", ["바다 위에 배가 있어요"]),  # 다 inside a word is no ending
    ("좋아요~ 가자!", ["좋아요~", "가자!"]),
    ("你好。再见。", ["你好。", "再见。"]),
    ("first line\nsecond line", ["first line", "second line"]),
    ("one   spaced\tout.  ", ["one spaced out."]),
    ("...  ", []), ("", []), ("?! 🙂", []),
])
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_long_sentences_are_cut_at_commas_when_asked() -> None:
    text = ", ".join(["the dragon circled the tower"] * 30) + "."
    pieces = split_sentences(text, max_chars=100)
    assert len(pieces) > 1 and all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces) == text
    assert split_sentences(text) == [text]


def test_a_streamed_buffer_keeps_what_may_still_grow() -> None:
    assert split_finished("Aye, friend. The forge is hot! And") == (["Aye, friend.", "The forge is hot!"], "And")
    assert split_finished("no end yet") == ([], "no end yet")
    assert split_finished("It costs 3.") == ([], "It costs 3.")       # "3." + "5 gold" may follow
    assert split_finished("Ask Dr. ") == ([], "Ask Dr. ")
    assert split_finished("Done. ") == ([], "Done. ")                 # the next word decides
    assert split_finished("안녕하세요. 반가워요") == (["안녕하세요."], "반가워요")
    assert first_sentence_end("공룡은 살았어요. 그리고") == len("공룡은 살았어요. ")
    assert first_sentence_end("It costs 3.5 gold") is None


@pytest.mark.parametrize("text", [
    "The avatar crouches and makes a 1.1 s jump. It lands at 3 p.m. on the mat, e.g. softly. Done.",
    "In that 3.4-second clip I see: jump ×3. Version 2.0 costs 12.50 gold at 10:30 a.m. today. Dr. Kim agrees.",
    "2.3초짜리 그 동작에는 점프 2번이 들어 있어요. 다음은 1.5초예요.",
])
def test_a_stream_is_never_cut_inside_a_number_a_time_or_an_abbreviation(text: str) -> None:
    """However a reply arrives in pieces, the windows the moderation checks are whole sentences
    ("1." and "1 s jump." would be judged apart, and a motion description read as something else)."""
    for size in (1, 2, 3, 5, 8, 13):
        buffer, pieces = "", []
        for start in range(0, len(text), size):
            buffer += text[start:start + size]
            while (end := first_sentence_end(buffer)) is not None:
                pieces.append(buffer[:end].strip())
                buffer = buffer[end:]
        pieces.append(buffer.strip())
        assert [p for p in pieces if p] == split_sentences(text), size


def test_streamed_and_whole_splits_agree() -> None:
    text = "Dr. Kim paid 3.5 gold. 좋아요 그리고 떠났어요. \"Go!\" he said. Done"
    finished, rest = split_finished(text)
    assert finished + [rest] == split_sentences(text)


# ----------------------------------------------------------------------------- binary input


@pytest.mark.parametrize(("text", "binary"), [
    ("hello", False), ("line\nwith\ttabs\r\n", False), ("안녕 🐉", False),
    ("\x00", True), ("ok\x00", True), ("\x01\x02\x03\x04junk\x05\x06", True),
    ("".join(chr(0xDC80 + i % 100) for i in range(50)), True),  # surrogateescape'd bytes
    ("\ufffd" * 3 + "a" * 7, True), ("\ufffd" + "a" * 20, False),
])
def test_looks_binary(text: str, binary: bool) -> None:
    assert looks_binary(text) is binary


# ----------------------------------------------------------------------------- Request.parse


def test_request_parse_validates_and_strips() -> None:
    request = Request.parse(text="  draw a fox ", session_id="s1", persona=None)
    assert request.text == "draw a fox" and request.session_id == "s1"


@pytest.mark.parametrize(("fields", "words"), [
    ({"text": ""}, "the request is empty"),
    ({"text": "x" * (MAX_REQUEST_CHARS + 1)}, "characters long"),
    ({"text": "\x00\x01binary"}, "binary data"),
    ({"text": "hi", "sesion_id": "s1"}, "remove the unknown field 'sesion_id' (known: text, session_id"),
    ({"session_id": "s1"}, "the request is empty"),  # a missing text is an empty one (a recording may stand for it)
    ({"text": "hi", "voice": "loud"}, "fix field 'voice'"),
    ({"text": "hi", "attachments": "a_1"}, "fix field 'attachments'"),
])
def test_request_parse_raises_one_line_input_errors(fields: dict, words: str) -> None:
    with pytest.raises(InputError) as info:
        Request.parse(**fields)
    assert type(info.value) is InputError and words in info.value.message
    assert "\n" not in info.value.message and "pydantic" not in info.value.message


# ----------------------------------------------------------------------------- from_validation


class _Box(BaseModel):
    model_config = ConfigDict(extra="forbid")
    size: int
    label: str = "box"

    @field_validator("label")
    @classmethod
    def _no_blank(cls, value: str) -> str:
        if not value.strip():
            raise InputError("the label is blank; name the box")
        return value


def _failure(**data) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        _Box(**data)
    return info.value


def test_from_validation_words_the_first_problem() -> None:
    error = from_validation(_failure(size="big"))
    assert type(error) is InputError and error.message.startswith("size: Input should be a valid integer")
    plan = from_validation(_failure(size="big"), error_type=PlanError, message="invalid plan at {where}: {msg}")
    assert isinstance(plan, PlanError) and plan.message.startswith("invalid plan at size:")
    config = from_validation(_failure(size=1, colour="red"), error_type=ConfigError,
                             message=lambda p: f"bad {p.where!r} ({p.input!r}); {p.fix(known=_Box.model_fields)}")
    assert config.message == "bad 'colour' ('red'); remove the unknown field 'colour' (known: size, label)"


def test_from_validation_surfaces_a_validators_own_error() -> None:
    error = from_validation(_failure(size=1, label=" "))
    assert error.message == "the label is blank; name the box"
    # a different error type is asked for: the validator's words are kept, in that type
    plan = from_validation(_failure(size=1, label=" "), error_type=PlanError)
    assert isinstance(plan, PlanError) and "the label is blank" in plan.message


def test_first_problem_fields_and_empty_errors() -> None:
    problem = first_problem(_failure(), where="box")
    assert (problem.where, problem.type, problem.loc) == ("size", "missing", ("size",))
    assert problem.fix() == "add the required field 'size'"

    class NoErrors:
        def errors(self) -> list:
            return []

    empty = first_problem(NoErrors(), where="request")
    assert (empty.where, empty.msg, empty.type) == ("request", "invalid request", "")
