"""The studio's hands-free glue (ui/handsfree.py): microphone chunks as Gradio streams them
(48 kHz int16) go through the WebSocket's listener with the real recognizer (the packaged
Whisper base behind the transcribe tool) and eSpeak NG speech; an utterance starts one turn at a
time, and speech over a reply being played stops it and tells the next turn what was heard."""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest

from agent.config import Settings
from agent.errors import InputError
from tools.audio_io import Audio, read_wav, resample
from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences
from tools.transcribe import TranscribeTool
from agent.listening import Playback
from ui.handsfree import LiveVoice, pcm16_of

MIC_RATE = 48000  # what Chromium's microphone gives Gradio


def mic_chunks(text: str, *, silence_s: float) -> list[np.ndarray]:
    """``text`` said after a short pause, as 0.25 s int16 chunks at 48 kHz."""
    audio, _ = join(list(synthesize_sentences(text, backend=EmbeddedSpeech.for_request(language="en"))))
    samples = resample(audio, MIC_RATE).samples
    quiet = lambda seconds: np.zeros(int(MIC_RATE * seconds), np.float32)  # noqa: E731
    pcm = (np.concatenate([quiet(0.3), samples, quiet(silence_s)]) * 32767).astype(np.int16)
    step = MIC_RATE // 4
    return [pcm[i:i + step] for i in range(0, len(pcm), step)]


def test_a_chunk_becomes_16_khz_mono_pcm():
    stereo = np.zeros((MIC_RATE // 2, 2), np.int16)
    stereo[:, 0] = 1000
    pcm = pcm16_of(MIC_RATE, stereo)
    samples = np.frombuffer(pcm, "<i2")
    assert len(samples) == 8000 and abs(int(np.median(samples)) - 500) <= 2  # half a second, channels averaged
    assert len(pcm16_of(16000, np.zeros(1600, np.int16))) == 3200


def test_a_malformed_chunk_is_a_clear_error():
    with pytest.raises(InputError, match="mono or"):
        pcm16_of(MIC_RATE, np.zeros((2, 2, 2), np.int16))
    with pytest.raises(InputError, match="sample rate"):
        pcm16_of(0, np.zeros(100, np.int16))


def test_a_reply_plays_until_its_sentences_end_and_is_cut_at_the_sentence_playing():
    reply = Playback()  # the API's jobs and the studio cut a reply with the same clock
    reply.add(2.0, "First sentence.")
    reply.add(2.0, "Second one.")
    assert not reply.playing(time.time(), more_coming=True), "nothing reached the client yet"
    reply.begin(100.0)
    reply.begin(101.0)  # the first audio's time stays
    assert reply.playing(103.9, more_coming=False) and not reply.playing(104.1, more_coming=False)
    assert reply.playing(104.1, more_coming=True), "the turn may still send more"
    assert reply.cut(102.5) == {"played_s": 2.5, "spoken_s": 4.0, "heard_text": "First sentence. Second one."}
    assert not reply.playing(101.0, more_coming=True), "cut: it plays no more"
    assert Playback(started_at=100.0, sentences=[(0.0, 2.0, "Only.")]).cut(99.0)["heard_text"] == "Only."


def test_a_sentence_that_reaches_the_page_late_starts_late():
    reply = Playback()  # the studio's page gets each sentence as it is synthesised
    reply.add(1.0, "Hi.")
    reply.reached(1, 100.0)
    reply.add(2.0, "The second one took long to say.")
    reply.add(2.0, "Third.")
    reply.reached(3, 101.5)  # the first one ended at 101.0: half a second of silence
    assert [offset for offset, _, _ in reply.sentences] == [0.0, 1.5, 3.5]
    assert reply.playing(105.0, more_coming=False) and not reply.playing(105.6, more_coming=False)
    assert reply.cut(101.2)["heard_text"] == "Hi.", "cut in the silence before the late sentence: not heard"
    on_time = Playback()
    on_time.add(1.0, "Hi.")
    on_time.add(1.0, "There.")
    on_time.reached(2, 100.0)
    on_time.reached(2, 100.9)  # nothing new reached it: nothing moves
    assert [offset for offset, _, _ in on_time.sentences] == [0.0, 1.0]


@pytest.fixture(scope="module")
def recognizer():
    return TranscribeTool(settings=Settings(voice={"end_of_speech_ms": 700, "sentence_end_ms": 150}))


async def test_speech_becomes_a_turn_and_speech_over_its_reply_interrupts_it(recognizer, tmp_path):
    turns: list[tuple[str, str | None]] = []
    finish = asyncio.Event()

    async def run_turn(path, interrupted, reply):
        heard = recognizer.hear(read_wav(path).samples, language="en")["text"]
        turns.append((heard, interrupted))
        reply.add(5.0, "Welcome to my forge.")
        said = str(tmp_path / f"reply-{len(turns)}.wav")
        yield [{"role": "user", "content": heard}], "plan", said, [said]
        await finish.wait()  # the turn is still speaking

    live = LiveVoice(recognizer=recognizer, settings=recognizer.settings, language="en", run_turn=run_turn,
                     utterance_dir=tmp_path / "said")

    async def say(text: str) -> list:
        redraws = []
        for chunk in mic_chunks(text, silence_s=1.2):
            redraws.append(await live.feed(MIC_RATE, chunk))
            while live._listener.tasks:  # the decodings this chunk started, as a live stream waits in real time
                await asyncio.gather(*list(live._listener.tasks), return_exceptions=True)
            await asyncio.sleep(0)  # and the turn it started runs
        return redraws

    first = await say("Hello there, tell me about your forge.")
    assert len(turns) == 1 and "forge" in turns[0][0].lower() and turns[0][1] is None
    assert any(r.heard for r in first), "partial transcripts are shown while the user speaks"
    shown = [r for r in first if r.spoken]
    assert len(shown) == 1 and shown[0].messages and not any(r.stop for r in first)
    queued = [r.speech for r in first if r.speech and r.speech["clips"]]  # the page's sentence queue gets the
    assert len(queued) == 1 and queued[0]["clips"][0].endswith("reply-1.wav")  # sentence while the turn runs
    assert live._reply.started_at is not None, "the reply's clock starts when its first sentence reaches the page"

    second = await say("Stop, make a red table please.")  # over the reply, which plays for 5 s
    assert [r.stop for r in second].count(True) == 1 and live.barge_ins == 1
    assert not [r for r in second if r.spoken], "no more of the cut reply is played"
    assert not [r for r in second if r.speech], "nor queued"
    assert len(turns) == 1, "one turn at a time: the new utterance waits for the running one"
    finish.set()
    await asyncio.sleep(0.05)
    await live.feed(MIC_RATE, np.zeros(MIC_RATE // 4, np.int16))
    await asyncio.sleep(0.05)
    assert len(turns) == 2 and "table" in turns[1][0].lower()
    fresh = live.redraw().speech  # the new turn's queue: another turn id, so the page drops the cut reply
    assert fresh is not None and fresh["turn"] != queued[0]["turn"]
    assert turns[1][1] == "Welcome to my forge.", "the next turn is told what the user heard of the cut reply"
    await live.close()
    assert not list((tmp_path / "said").iterdir()), "the utterance files are the turn's to keep, not left behind"
