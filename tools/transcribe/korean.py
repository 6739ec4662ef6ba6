"""Korean decoding rules for Whisper: which tokens cannot be part of a Korean transcript.

Whisper told ``language="ko"`` still answers in English (or Chinese, Japanese) on audio it
barely understands: "on the way to the new world of God" for "언덕 위의 성을 그려 줘.".
:func:`non_korean_tokens` lists every vocabulary token that would write a letter of another
script (Latin, Han, kana, Cyrillic, ...) so the decoder can suppress them; Hangul, digits,
punctuation and symbols stay. Whisper's vocabulary is byte-level BPE: a Hangul syllable is three
UTF-8 bytes and is often split across tokens, so each token is judged by its bytes, and a token
that ends in the first byte of a character is dropped only where that byte can only start a
non-Korean letter (Han ideographs, two-byte Latin/Greek/Cyrillic, four-byte emoji and rare Han).

The price: a Korean transcript cannot contain Latin letters, so "3D" is written the way it is
said ("쓰리디"). bench/voice.py measures the rule (``whisper-base`` against ``whisper-base-nosuppress``).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any


@cache
def _byte_of_symbol() -> dict[str, int]:
    """GPT-2's byte-level BPE alphabet (Whisper's too): the printable character standing for each byte."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    symbols = dict(zip(printable, printable))
    extra = 0
    for byte in range(256):
        if byte not in symbols:
            symbols[byte] = 256 + extra
            extra += 1
    return {chr(symbol): byte for byte, symbol in symbols.items()}


def korean_char(ch: str) -> bool:
    """May appear in a Korean transcript: Hangul (syllables and jamo), digits, punctuation, symbols, spaces."""
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return True
    if "0" <= ch <= "9":
        return True
    return unicodedata.category(ch)[0] in "PSZ"  # no letters, marks or other scripts' digits


def _foreign_lead(byte: int) -> bool:
    """A UTF-8 lead byte whose character can only be a non-Korean letter or an emoji."""
    return 0xC0 <= byte < 0xE0 or 0xE4 <= byte <= 0xE9 or byte >= 0xF0  # U+0080-07FF, Han U+4000-9FFF, 4-byte


def token_is_korean(data: bytes) -> bool:
    """Whether the token with these bytes can be part of a Korean transcript."""
    start = 0
    while start < len(data) and 0x80 <= data[start] <= 0xBF:  # the end of a character begun by the token before
        start += 1
    end = len(data)
    lead = end - 1
    while lead >= start and 0x80 <= data[lead] <= 0xBF:
        lead -= 1
    if lead >= start and data[lead] >= 0xC0:  # a character the next token finishes
        needed = 2 if data[lead] < 0xE0 else 3 if data[lead] < 0xF0 else 4
        if end - lead < needed:
            if _foreign_lead(data[lead]):
                return False
            end = lead
    text = data[start:end].decode("utf-8", errors="replace")
    return all(ch == "\ufffd" or korean_char(ch) for ch in text)


def non_korean_tokens(hf_tokenizer: Any) -> list[int]:
    """The ids of the text tokens (below ``<|endoftext|>``) that cannot be part of a Korean transcript."""
    end_of_text = hf_tokenizer.token_to_id("<|endoftext|>")
    byte_of = _byte_of_symbol()
    return [token for token in range(end_of_text)
            if not token_is_korean(bytes(byte_of[symbol] for symbol in hf_tokenizer.id_to_token(token)))]
