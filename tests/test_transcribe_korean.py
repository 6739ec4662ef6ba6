"""Korean decoding rules (tools/transcribe/korean.py): tokens of other scripts are suppressed, Hangul
(whole or split across byte-level tokens), digits and punctuation are kept; the packaged Whisper base
told ``language="ko"`` writes no Latin letters even for English speech (it used to answer in English)."""

from __future__ import annotations

import re

import pytest

from tools.audio_io import decode
from tools.transcribe.korean import korean_char, token_is_korean

from tests.test_transcribe import spoken_wav


@pytest.mark.parametrize("text", [" 모델", "을", " 3", ".", ", ", "?!", " ㅋㅋ", "…"])
def test_korean_text_digits_and_punctuation_are_kept(text):
    assert token_is_korean(text.encode())


@pytest.mark.parametrize("text", [" world", "D", " über", "這些", "の", " вел", "ி"])
def test_letters_of_other_scripts_are_suppressed(text):
    assert not token_is_korean(text.encode())


def test_a_hangul_syllable_split_across_tokens_is_kept_and_a_split_han_character_is_not():
    syllable, han = "탁".encode(), "這".encode()
    assert token_is_korean(b" " + syllable[:2]) and token_is_korean(syllable[2:])  # starts / ends a syllable
    assert token_is_korean(syllable[1:] + "자".encode())
    assert not token_is_korean(b" " + han[:2])  # only a Han ideograph starts with this byte
    assert not token_is_korean("é".encode()[:1])  # a two-byte (Latin, Greek, Cyrillic ...) character


def test_korean_chars():
    assert all(korean_char(c) for c in "가힣ㄱㅏ0 .")
    assert not any(korean_char(c) for c in "aZé漢カ٣")


@pytest.fixture(scope="module")
def recognizer():  # the packaged Whisper base: a dependency, as in tests/test_transcribe.py
    from tools.transcribe.whisper_backend import shared_recognizer

    return shared_recognizer("whisper-base")


def test_the_packaged_tokenizer_keeps_a_korean_request_and_drops_english_words(recognizer):
    from tools.transcribe.korean import non_korean_tokens

    tokenizer = recognizer._model.hf_tokenizer
    dropped = set(non_korean_tokens(tokenizer))
    request = tokenizer.encode(" 언덕 위의 성을 그려 줘. 10초 영상!", add_special_tokens=False).ids
    english = tokenizer.encode(" on the way to the new world of God", add_special_tokens=False).ids
    assert not dropped & set(request)
    assert {t for t in english if tokenizer.decode([t]).strip()} <= dropped  # a bare space stays
    assert 30_000 < len(dropped) < tokenizer.token_to_id("<|endoftext|>")  # most of the vocabulary is not Korean


def test_korean_decoding_writes_no_latin_letters_even_for_english_speech(recognizer, tmp_path):
    audio = decode(spoken_wav(tmp_path / "en.wav", "On the way to the new world."))
    plain = type(recognizer)(model="whisper-base", korean_rules=False)
    before = plain.hear(audio, language="ko").text
    after = recognizer.hear(audio, language="ko").text
    partial = recognizer.hear(audio, language="ko", quick=True).text  # greedy, the same suppression
    assert not re.search(r"[A-Za-z]", after + partial), (after, partial)
    assert re.search(r"[A-Za-z]", before) or before != after  # the rules changed what Whisper wrote
