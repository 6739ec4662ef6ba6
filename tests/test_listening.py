"""Endpointing of a live stream (agent/listening.py) with the real recognizer (the packaged
Whisper base behind the transcribe tool) and eSpeak NG speech: a finished sentence ends the
utterance after a short pause; an unfinished one waits for the full end-of-speech silence; the
turn that an utterance starts finds its decoding kept instead of decoding it again."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from agent.config import Settings
from agent.listening import Listener
from tools.audio_io import Audio, resample, write_wav
from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences
from tools.transcribe import TranscribeTool


def pcm(text: str, *, silence_s: float) -> bytes:
    audio, _ = join(list(synthesize_sentences(text, backend=EmbeddedSpeech.for_request(language="en"))))
    samples = resample(audio, 16000).samples
    quiet = np.zeros(int(16000 * silence_s), np.float32)
    return Audio(np.concatenate([np.zeros(4800, np.float32), samples, quiet]), 16000).pcm16()


@pytest.fixture(scope="module")
def tool():
    return TranscribeTool(settings=Settings(voice={"end_of_speech_ms": 1500, "sentence_end_ms": 150,
                                                    "partials": False}))


async def listen(tool, *chunks: bytes) -> list[tuple[str, dict]]:
    heard: list[tuple[str, dict]] = []

    async def on_event(kind: str, data: dict) -> None:
        heard.append((kind, data))

    listener = Listener(recognizer=tool, settings=tool.settings, on_event=on_event, language="en")
    for chunk in chunks:
        await listener.feed(chunk)
        while listener.tasks:  # the decodings this chunk started, as a live stream would wait in real time
            await asyncio.gather(*list(listener.tasks), return_exceptions=True)
    await listener.close()
    return heard


async def test_a_finished_sentence_ends_the_utterance_after_a_short_pause(tool, tmp_path):
    heard = await listen(tool, pcm("Hello there, how are you today?", silence_s=0.3))  # far less than 1500 ms
    utterances = [data for kind, data in heard if kind == "utterance"]
    assert len(utterances) == 1 and utterances[0]["decoded"]
    # the turn reads the utterance's WAV and finds the decoding kept: no second decoding
    kept = tool._kept(write_wav(tmp_path / "u.wav", Audio(utterances[0]["samples"], 16000)), "en")
    assert kept is not None and "how are you" in kept["text"].lower()


async def test_an_unfinished_sentence_waits_for_the_end_of_speech_silence(tool):
    heard = await listen(tool, pcm("Make a table and a", silence_s=0.3))
    assert not [kind for kind, _ in heard if kind == "utterance"], heard
    heard = await listen(tool, pcm("Make a table and a", silence_s=1.7))
    assert [kind for kind, _ in heard].count("utterance") == 1


async def test_speech_resuming_after_a_pause_in_a_sentence_is_one_utterance(tool):
    heard = await listen(tool, pcm("Make a table and a", silence_s=0.0), pcm("chair with four legs.", silence_s=1.7))
    utterances = [data for kind, data in heard if kind == "utterance"]
    assert len(utterances) == 1 and utterances[0]["end_s"] - utterances[0]["onset_s"] > 2.0
