"""The studio served on a loopback port, driven by real clients: ``gradio_client``, plain HTTP
for the file guard, and headless Chromium (Playwright) for the end-to-end check."""

from __future__ import annotations

import os
import wave
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from agent.config import Settings
from tests.loopback import CHROMIUM, CHROMIUM_ARGS, free_port



@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    from ui.backend import StudioBackend
    from ui.studio import serve

    data_dir = tmp_path_factory.mktemp("studio-data")
    os.environ["GRADIO_TEMP_DIR"] = str(data_dir / "ui-cache")
    backend = StudioBackend(settings=Settings(data_dir=data_dir))
    running = serve(backend, host="127.0.0.1", port=free_port(), block=False)
    assert backend.wait(timeout=120) and backend.ready, backend.error
    yield running
    running.close()


@pytest.fixture(scope="module")
def client(studio, tmp_path_factory):
    from gradio_client import Client

    return Client(studio.url, verbose=False, download_files=str(tmp_path_factory.mktemp("client-downloads")))


def chat(client, text: str = "", files: list[str] | None = None, **kwargs):
    from gradio_client import handle_file

    message = {"text": text, "files": [handle_file(f) for f in files or []]}
    messages, _box, plan, voice, _viewer = client.predict(message=message, api_name="/chat", **kwargs)
    return messages, plan, voice


def texts_of(messages) -> list[str]:
    return [part["text"] for m in messages for part in m["content"] if part.get("type") == "text"]


def components_of(messages) -> list[dict]:
    return [part for m in messages for part in m["content"] if part.get("type") == "component"]


def assert_still_talks(client) -> None:
    messages, _, _ = chat(client, "hello")
    assert messages[-1]["role"] == "assistant" and texts_of(messages[-1:])[0].strip()


# -- gradio_client ------------------------------------------------------------------------------
def test_a_talk_only_message_gets_a_text_reply(client):
    messages, plan, _ = chat(client, "hello there")
    assert messages[-2]["role"] == "user" and texts_of(messages[-2:-1]) == ["hello there"]
    assert messages[-1]["role"] == "assistant" and texts_of(messages[-1:])[0].strip()
    assert "just talking" in plan


def test_a_3d_request_shows_a_glb_in_the_3d_viewer_with_its_plan(client):
    messages, plan, _ = chat(client, "make a red wooden table in 3D")
    # a .glb file message: the chat shows it in its 3D viewer (Model3D)
    files = [part["file"] for m in messages for part in m["content"] if part.get("type") == "file"]
    paths = [f["path"] if isinstance(f, dict) else str(f) for f in files]  # the client downloads them
    glbs = [p for p in paths if p.endswith(".glb")]
    assert glbs, messages
    assert Path(glbs[-1]).read_bytes()[:4] == b"glTF"
    assert "mesh" in plan and "✅" in plan and "100%" in plan


def test_an_uploaded_image_becomes_an_input_artifact(client, studio, tmp_path):
    from PIL import Image

    picture = tmp_path / "sketch.png"
    Image.new("RGB", (64, 64), (20, 120, 220)).save(picture)
    messages, plan, _ = chat(client, "make a 3D model from this image", files=[str(picture)])
    assert any(c["component"] == "image" for c in components_of(messages[-6:]))  # the user's attachment
    records = [r for manifest in Path(studio.backend.settings.data_dir, "sessions").glob("*/manifest.jsonl")
               for r in map(__import__("json").loads, manifest.read_text().splitlines())]
    uploads = [r for r in records if r["kind"] == "image" and r["meta"].get("source") == "upload"]
    assert uploads and uploads[-1]["meta"]["name"] == "sketch.png"
    assert "mesh" in plan


def test_bad_inputs_get_a_clear_chat_message_and_the_session_keeps_working(client, tmp_path):
    messages, _, _ = chat(client, "   ")
    assert "empty" in texts_of(messages[-1:])[0]
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    messages, _, _ = chat(client, "use this", files=[str(notes)])
    assert "not supported" in texts_of(messages[-1:])[0]
    big = tmp_path / "huge.png"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    messages, _, _ = chat(client, "make this a video", files=[str(big)])
    assert "50.0 MB" in texts_of(messages[-1:])[0] and "limit" in texts_of(messages[-1:])[0]
    silence = tmp_path / "silence.wav"
    with wave.open(str(silence), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(16000)
        handle.writeframes(b"\x00\x00" * 32000)
    messages, _, _ = chat(client, "", files=[str(silence)])
    assert "silence" in texts_of(messages[-1:])[0]
    assert_still_talks(client)


def test_voice_chat_transcribes_and_answers_aloud(client, tmp_path):
    from gradio_client import handle_file
    from tests.test_transcribe import spoken_wav

    recording = spoken_wav(tmp_path / "question.wav", "The weather is nice today.")  # Piper when installed
    messages, _mic, plan, voice, _viewer = client.predict(recording=handle_file(str(recording)), api_name="/voice")
    heard = [t for t in texts_of(messages) if t.startswith("🎙️")]
    assert heard and "weather" in heard[-1]
    assert voice and Path(voice).read_bytes()[:4] == b"RIFF"
    with wave.open(str(voice)) as handle:
        assert handle.getnframes() / handle.getframerate() > 0.5


def test_personas_bundled_uploaded_v2_and_malformed(client, tmp_path):
    from gradio_client import handle_file

    card_md = client.predict(persona_id="blacksmith", api_name="/pick_persona")
    assert "Bram" in card_md
    v2 = tmp_path / "captain.json"
    v2.write_text('{"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "Captain Mira", '
                  '"description": "A sky-ship captain.", "personality": "bold, curious", "first_mes": "Welcome aboard!", '
                  '"mes_example": "", "scenario": "", "creator_notes": "", "system_prompt": "", '
                  '"post_history_instructions": "", "alternate_greetings": [], "tags": [], "creator": "t", '
                  '"character_version": "1", "extensions": {}}}', encoding="utf-8")
    _choices, note, _file = client.predict(path=handle_file(str(v2)), api_name="/add_persona")
    assert "Captain Mira" in note and "captain-mira" in note
    messages, _, _ = chat(client, "hello", persona_id="captain-mira")
    assert texts_of(messages[-1:])[0].strip()
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nname: Broken\nfavourite_colour: blue\n", encoding="utf-8")
    _choices, note, _file = client.predict(path=handle_file(str(broken)), api_name="/add_persona")
    assert note.startswith("❌") and "favourite_colour" in note
    messages, _, _ = chat(client, "hello", persona_id="")
    assert texts_of(messages[-1:])[0].strip()


def test_memory_panel_lists_and_deletes_what_is_remembered(client, studio):
    user = "panel-tester"
    chat(client, "my favourite colour is teal", user_id=user)
    records = studio.backend.memories(user)
    assert any("teal" in r["text"] for r in records)
    intro, _choices, status = client.predict(user_id=user, api_name="/memories")
    assert user in intro and "❌" not in status
    doomed = [r["id"] for r in records if "teal" in r["text"]]
    _intro, _choices, status = client.predict(user_id=user, chosen=doomed, api_name="/delete_memories")
    assert f"{len(doomed)}" in status
    assert not any("teal" in r["text"] for r in studio.backend.memories(user))
    exported, _status = client.predict(user_id=user, api_name="/export_memories")
    path = exported["value"] if isinstance(exported, dict) else exported
    assert __import__("json").loads(Path(path).read_text(encoding="utf-8"))["user"] == user
    client.predict(user_id=user, api_name="/forget")
    assert studio.backend.memories(user) == []


def test_interface_switches_to_korean(client):
    outputs = client.predict(language="ko", api_name="/set_language")
    assert "아틀리에" in outputs[0]


def test_settings_accept_a_backend_override(client):
    from agent.config import tool_names

    choices = ["embedded" if tool == "mesh" else "profile" for tool in tool_names()]
    status = client.predict("settings-tester", "embedded", *choices, api_name="/apply_settings")
    assert "mesh → embedded" in status and "❌" not in status
    status = client.predict("bad user/../id", "embedded", *choices, api_name="/apply_settings")
    assert status.startswith("❌") and "user id" in status


# -- the file guard over HTTP ---------------------------------------------------------------------
def test_only_the_artifact_directory_is_served(studio):
    data_dir = Path(studio.backend.settings.data_dir).resolve()
    glbs = sorted((data_dir / "sessions").glob("*/*.glb"))
    assert glbs, "run after a 3D request"
    glb = glbs[0]
    rel = glb.relative_to(data_dir / "sessions").as_posix()
    secret = data_dir / "memory.lock" if (data_dir / "memory.lock").exists() else next((data_dir / "memory").iterdir())
    base = studio.url.rstrip("/")
    ok = httpx.get(f"{base}/artifacts/{rel}")
    assert ok.status_code == 200 and ok.content[:4] == b"glTF"
    assert httpx.get(f"{base}/gradio_api/file={glb}").status_code == 200
    session, name = rel.split("/")
    attacks = [
        f"/artifacts/../{secret.relative_to(data_dir).as_posix()}",
        f"/artifacts/{session}/../../{secret.relative_to(data_dir).as_posix()}",
        f"/artifacts/%2e%2e/{secret.relative_to(data_dir).as_posix()}",
        f"/artifacts/%252e%252e/{secret.relative_to(data_dir).as_posix()}",
        f"/artifacts/{session}%2f{name}",
        "/artifacts//etc/passwd",
        "/artifacts/%2Fetc%2Fpasswd",
        f"/artifacts/{session.upper()}/{name}",
        f"/artifacts/{session}/{name.upper()}",
        "/gradio_api/file=/etc/passwd",
        f"/gradio_api/file={secret}",
        f"/gradio_api/file={data_dir}/sessions/../{secret.relative_to(data_dir).as_posix()}",
        f"/gradio_api/file={data_dir}/sessions/%2e%2e/{secret.relative_to(data_dir).as_posix()}",
        f"/gradio_api/file={str(data_dir).upper()}/sessions/{rel}",
        f"/gradio_api/file={data_dir}/SESSIONS/{rel}",
        "/gradio_api/file=%2Fetc%2Fpasswd",
    ]
    with httpx.Client() as http:
        for attack in attacks:
            request = http.build_request("GET", base + attack)
            request.url = httpx.URL(base + attack)  # keep '..' and encodings as written
            response = http.send(request)
            assert response.status_code in (403, 404), (attack, response.status_code)
            assert b"secret" not in response.content and b"root:" not in response.content


# -- the browser ----------------------------------------------------------------------------------
def test_browser_types_requests_and_sees_the_image_and_3d_model(studio, tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs /usr/bin/chromium for the browser test: apt-get install -y chromium")
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    out = Path(os.environ.get("ATELIER_TEST_OUTPUT") or tmp_path_factory.mktemp("ui-screens"))
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            violations: list[str] = []  # the studio runs whole under its content security policy
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(studio.url, wait_until="domcontentloaded")
            page.get_by_text("Ready").first.wait_for(timeout=60_000)
            box = page.locator("#message textarea")
            box.fill("빨간 용 그림 그려 줘")  # a Korean request for a picture
            box.press("Enter")
            page.wait_for_function("() => [...document.querySelectorAll('#chat img')].some("
                                   "i => i.src.includes('file=') && i.complete && i.naturalWidth >= 256)",
                                   timeout=60_000)
            shot = out / "studio-image.png"
            page.screenshot(path=str(shot), full_page=True)
            # Gradio ignores a submit while the previous turn is still finishing (trigger_mode "once"):
            # send again until the request shows up in the chat.
            for _ in range(12):
                box.fill("make a red wooden table in 3D")
                box.press("Enter")
                try:
                    page.locator("#chat").get_by_text("make a red wooden table in 3D").first.wait_for(timeout=5_000)
                    break
                except Exception:
                    continue
            viewer = page.locator("#chat [data-testid=model3d]").first
            viewer.wait_for(state="attached", timeout=60_000)
            link = viewer.locator("a[download]").first.get_attribute("href")
            assert link and link.endswith(".glb")
            assert httpx.get(link).content[:4] == b"glTF"  # the viewer's file is a real GLB, served
            try:  # WebGL in headless Chromium draws the model most of the time, not always (see report)
                page.locator("#chat canvas, #viewer3d canvas").first.wait_for(state="visible", timeout=15_000)
                page.wait_for_timeout(1000)
            except Exception:
                print("the 3D viewer did not draw in this headless browser run")
            assert "mesh" in page.locator("#plan").inner_text()
            page.screenshot(path=str(out / "studio-3d.png"), full_page=True)
            assert shot.stat().st_size > 10_000
            assert not violations, violations
        finally:
            browser.close()
    print(f"screenshot: {shot}")


def test_browser_hands_free_hears_a_request_answers_it_and_is_interrupted(studio, tmp_path):
    """Hands-free in the voice tab (issue 16): Chromium's fake microphone plays a recorded request
    (eSpeak NG; the recognizer is the packaged Whisper base). Gradio's streaming microphone feeds the
    WebSocket's listener; the chat shows what was heard and the reply. The reply (three sentences,
    about 15 s) plays sentence by sentence from the page's queue: its first sentence starts before its
    last one is synthesised. The file looping says the request again over it: the queue stops
    (barge-in) and the new utterance is taken."""
    wav = request_wav(tmp_path / "request.wav", "What can you do?", tail_s=6.0)  # all said before the loop
    with voice_tab(studio, wav) as page:
        page.locator("#handsfree input[type=checkbox]").check()
        page.locator("#handsfree-mic .stop-button").wait_for(timeout=15_000)  # recording: the toggle started it
        said = "() => document.querySelector('#chat').innerText.split('(heard)').length - 1"
        # the fake microphone may start inside the words: an earlier turn may be a "did not catch that"
        log = reply_queued(page)
        stops = page.evaluate("() => (window.atelierHandsFree || {}).stopped || 0")
        page.wait_for_function("() => window.atelierSpeech.playing()", timeout=10_000)  # it is heard
        page.wait_for_function(f"() => (window.atelierHandsFree || {{}}).stopped > {stops}", timeout=90_000)
        stopped = page.evaluate("() => ({playing: window.atelierSpeech.playing(), "
                                "stopped: window.atelierSpeech.stopped})")
        turns = page.evaluate(f"() => ({said})()")
        page.wait_for_function(f"() => ({said})() > {turns}", timeout=90_000)  # the utterance over it is taken
        texts = page.locator("#chat").inner_text()
        page.locator("#handsfree input[type=checkbox]").uncheck()
        page.locator("#handsfree-mic").wait_for(state="hidden", timeout=15_000)
    assert_first_sentence_plays_before_the_last_is_synthesised(log)
    assert not stopped["playing"] and stopped["stopped"] >= 1, f"the speech over the reply stopped it: {stopped}"
    heard = [line for line in texts.splitlines() if "(heard)" in line and "what can you do" in line.lower()]
    assert heard, texts
    assert texts.split(heard[0], 1)[1].split("(heard)")[0].strip(), f"a reply follows what was heard: {texts}"


def test_browser_push_to_talk_reply_plays_sentence_by_sentence(studio, tmp_path):
    """Push-to-talk in the voice tab: a recording of the request (Chromium's fake microphone) is one
    turn; its reply plays from the page's sentence queue, the first sentence before the last one is
    synthesised."""
    wav = request_wav(tmp_path / "request.wav", "What can you do?", tail_s=1.0)
    with voice_tab(studio, wav) as page:
        page.locator("#mic .record-button").click()
        page.wait_for_timeout(5_500)  # more than one pass of the file: the whole request is in it
        page.locator("#mic .stop-button").click()
        log = reply_queued(page)
        page.wait_for_function("() => window.atelierSpeech.playing()", timeout=10_000)
    assert_first_sentence_plays_before_the_last_is_synthesised(log)


@contextmanager
def voice_tab(studio, wav: Path):
    """Headless Chromium on the studio's voice tab, its fake microphone playing ``wav`` in a loop."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs /usr/bin/chromium for the browser test: apt-get install -y chromium")
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *fake_mic_args(wav)],
                                     headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(studio.url, wait_until="domcontentloaded")
            page.get_by_text("Ready").first.wait_for(timeout=60_000)
            page.get_by_role("tab", name="Voice").click()
            yield page
        finally:
            browser.close()


def reply_queued(page) -> list[dict]:
    """The page's sentence queue log once a reply's third sentence is in it (each entry is queued
    when its WAV is in: turn, index, url, the wall time it starts playing)."""
    page.wait_for_function("() => (window.atelierSpeech?.log || []).some(e => e.index === 2)", timeout=120_000)
    return page.evaluate("() => window.atelierSpeech.log")


def assert_first_sentence_plays_before_the_last_is_synthesised(log: list[dict]) -> None:
    from urllib.parse import unquote

    turn = next(entry["turn"] for entry in log if entry["index"] == 2)
    reply = [entry for entry in log if entry["turn"] == turn]
    assert [entry["index"] for entry in reply[:3]] == [0, 1, 2], log
    last_written = Path(unquote(reply[2]["url"].split("file=", 1)[1])).stat().st_mtime  # its WAV, synthesised
    assert reply[0]["starts"] / 1000 < last_written, f"the first sentence starts before the last is synthesised: {log}"


def request_wav(path: Path, words: str, *, tail_s: float) -> Path:
    """``words`` said by eSpeak NG (not the voice under test) between 0.4 s and ``tail_s`` of silence:
    what Chromium's fake microphone plays, looping."""
    import numpy as np

    from tools.audio_io import Audio, write_wav
    from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences

    spoken, _ = join(list(synthesize_sentences(words, backend=EmbeddedSpeech.for_request(language="en"))))
    quiet = lambda seconds: np.zeros(int(spoken.rate * seconds), np.float32)  # noqa: E731
    return write_wav(path, Audio(np.concatenate([quiet(0.4), spoken.samples, quiet(tail_s)]), spoken.rate))


def fake_mic_args(wav: Path) -> list[str]:
    """Chromium flags: a fake microphone playing ``wav`` in a loop, and audio that plays unasked."""
    return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}", "--autoplay-policy=no-user-gesture-required"]
