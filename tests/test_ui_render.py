"""The studio's pure parts: Event folding, interface text, path guard, upload checks, spoken clips.
(The voice lane itself is a part of the turn: tests/test_voice.py.)"""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from agent.types import Event, Plan, Step
from ui.files import ServedFiles, UnsafePath, artifact_url
from ui.i18n import TEXT, text
from ui.render import TurnView, media_for
from agent.config import LimitsSettings
from ui.uploads import UploadRejected, check_card_upload, classify


def ev(kind: str, **fields) -> Event:
    return Event(kind=kind, turn_id="t_1", at=0.0, **fields)


def artifact(kind: str, path: str, **meta) -> dict:
    return {"id": f"a_{kind}", "kind": kind, "path": path, "mime": "x", "meta": meta}


def test_every_interface_string_exists_in_english_and_korean():
    assert set(TEXT["en"]) == set(TEXT["ko"])
    for key in TEXT["en"]:
        assert TEXT["ko"][key].strip(), key
    assert text("err_upload_size", "ko", name="a.png", size="50.0", what="이미지", limit=20).startswith("“a.png”")
    assert text("title", "fr") == TEXT["en"]["title"]  # unknown language: English


def test_turn_view_shows_plan_progress_reply_and_media_in_order():
    view = TurnView(language="en")
    view.apply(ev("turn_started"))
    assert "Planning" in view.plan_markdown()
    plan = Plan(steps=[Step(id="s1", tool="mesh", args={"prompt": "a red table"}),
                       Step(id="s2", tool="video", args={"source": {"$ref": "s1"}}, depends_on=["s1"])])
    view.apply(ev("plan", plan=plan))
    view.apply(ev("step_started", step_id="s1", tool="mesh"))
    view.apply(ev("progress", step_id="s1", tool="mesh", progress=0.5, message="building"))
    md = view.plan_markdown()
    assert "s1" in md and "50%" in md and "building" in md and "running" in md and "waiting" in md
    view.apply(ev("artifact", step_id="s1", tool="mesh", artifact=artifact("mesh", "/d/t.glb", prompt="a red table")))
    view.apply(ev("step_done", step_id="s1", tool="mesh", duration_s=0.5, message="built"))
    view.apply(ev("error", step_id="s2", tool="video", error={"type": "ToolError", "message": "no codec"}))
    view.apply(ev("message_delta", message="Made "))
    view.apply(ev("message_delta", message="it."))
    assert view.reply == "Made it."
    view.apply(ev("message", message="Made a table."))
    view.apply(ev("warning", message="neural mesh fell back"))
    view.apply(ev("turn_done", data={"status": "failed"}))
    md = view.plan_markdown()
    assert "✅" in md and "❌" in md and "no codec" in md
    items = view.items()
    assert items[0].title and items[0].status == "done"
    texts = [item.text for item in items if item.text]
    assert any("neural mesh fell back" in t for t in texts) and "Made a table." in texts
    media = [item.media for item in items if item.media]
    assert [(m.kind, m.path) for m in media] == [("model3d", "/d/t.glb")]


def test_artifact_kinds_map_to_the_right_viewer():
    assert media_for(artifact("image", "/a.png")).kind == "image"
    assert media_for(artifact("video", "/a.mp4")).kind == "video"
    assert media_for(artifact("mesh", "/a.glb")).kind == "model3d"
    assert media_for(artifact("motion", "/a.glb")).kind == "model3d"
    assert media_for(artifact("motion", "/a.bvh")).kind == "file"
    assert media_for(artifact("audio", "/a.wav")).kind == "audio"
    assert media_for(artifact("visemes", "/a.json")).kind == "file"
    assert media_for(artifact("text", "/a.txt")) is None


def test_spoken_reply_audio_event_becomes_autoplaying_media():
    view = TurnView()
    view.apply(ev("audio", artifact=artifact("audio", "/s/reply.wav")))
    assert view.spoken is not None and view.spoken.autoplay and view.items()[-1].media is view.spoken


# -- the path guard -----------------------------------------------------------------------------
@pytest.fixture
def served(tmp_path: Path) -> ServedFiles:
    sessions = tmp_path / "data" / "sessions"
    (sessions / "s1").mkdir(parents=True)
    (sessions / "s1" / "model.glb").write_bytes(b"glTF")
    (tmp_path / "data" / "memory").mkdir()
    (tmp_path / "data" / "memory" / "secret.db").write_bytes(b"secret")
    (tmp_path / "outside.txt").write_text("no")
    (sessions / "s1" / "link.txt").symlink_to(tmp_path / "outside.txt")
    return ServedFiles.for_dirs([sessions, tmp_path / "cache"])


def test_only_files_inside_the_artifact_directory_resolve(served: ServedFiles):
    root = served.roots[0]
    assert served.resolve("s1/model.glb", relative=True) == root / "s1" / "model.glb"
    assert served.resolve(str(root / "s1" / "model.glb")) == root / "s1" / "model.glb"
    assert artifact_url(served, root / "s1" / "model.glb") == "/artifacts/s1/model.glb"
    assert served.contains(root / "s1" / "model.glb")
    assert not served.contains(root.parent / "memory" / "secret.db")


@pytest.mark.parametrize("requested, relative", [
    ("../memory/secret.db", True),
    ("s1/../../memory/secret.db", True),
    ("./s1/model.glb", True),
    ("%2e%2e/memory/secret.db", True),
    ("s1%2fmodel.glb", True),
    ("/etc/passwd", True),
    ("C:/Windows/win.ini", True),
    ("s1\\model.glb", True),
    ("S1/model.glb", True),        # case variant of the folder
    ("s1/MODEL.GLB", True),        # case variant of the file
    ("s1/link.txt", True),         # a symlink that leads out
    ("s1", True),                  # a directory
    ("s1/model.glb\x00.png", True),
    ("", True),
    ("/etc/passwd", False),
    ("relative/path", False),
])
def test_traversal_encoded_absolute_and_case_variant_paths_are_refused(served, requested, relative):
    with pytest.raises(UnsafePath):
        served.resolve(requested, relative=relative)


def test_absolute_paths_outside_every_root_are_refused(served):
    root = served.roots[0]
    with pytest.raises(UnsafePath):
        served.resolve(str(root.parent / "memory" / "secret.db"))
    with pytest.raises(UnsafePath):
        served.resolve(str(root) + "/../memory/secret.db")
    with pytest.raises(UnsafePath):  # a sibling whose name only starts like the root
        served.resolve(str(root) + "-evil/x")


# -- uploads ---------------------------------------------------------------------------------------
def png(path: Path, size=(8, 8)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (200, 30, 30)).save(path)
    return path


def test_uploads_are_checked_by_type_size_and_content(tmp_path: Path):
    limits = LimitsSettings()
    assert classify(png(tmp_path / "a.png"), limits=limits).kind == "image"
    (tmp_path / "r.wav").write_bytes(b"RIFF")  # decoded (and refused if broken) by the voice lane
    assert classify(tmp_path / "r.wav", limits=limits).kind == "audio"
    with pytest.raises(UploadRejected, match="not supported"):
        classify(tmp_path / "notes.txt", limits=limits)
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"this is not a picture")
    with pytest.raises(UploadRejected, match="could not be read"):
        classify(fake, limits=limits)
    big = tmp_path / "big.png"
    with big.open("wb") as handle:
        handle.truncate(int(limits.upload_image_mib + 30) * 1024 * 1024)  # a 50 MB "image"
    with pytest.raises(UploadRejected, match="50.0 MB"):
        classify(big, limits=limits)
    with pytest.raises(UploadRejected, match="MB예요"):
        classify(big, limits=limits, language="ko")
    with pytest.raises(UploadRejected):
        check_card_upload(tmp_path / "card.exe", limits=limits)


def test_spoken_sentences_play_as_one_clip_per_turn(tmp_path: Path):
    def clip(name: str, seconds: float) -> str:
        path = tmp_path / name
        with wave.open(str(path), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(16000)
            handle.writeframes(b"\x10\x00" * int(16000 * seconds))
        return str(path)

    view = TurnView()
    view.apply(ev("audio", artifact=artifact("audio", clip("a.wav", 0.5)), data={"final": False}))
    assert view.spoken is None  # the message is still being spoken
    view.apply(ev("audio", artifact=artifact("audio", clip("b.wav", 0.25)), data={"final": True}))
    with wave.open(view.spoken.path) as joined:
        assert joined.getnframes() == 12000
    view.apply(ev("audio", artifact=artifact("audio", clip("c.wav", 0.25)), data={"final": False}))
    view.apply(ev("turn_done", data={"status": "ok"}))  # speech that broke off is still played
    with wave.open(view.spoken.path) as joined:
        assert joined.getnframes() == 16000
    assert [item.media for item in view.items() if item.media] == [view.spoken]  # one audio bubble


def test_a_turn_stopped_by_moderation_ends_the_plan_panel_clearly():
    view = TurnView(language="en")
    view.apply(ev("turn_started"))
    notice = {"moderation": {"stage": "input", "action": "deflect", "category": "violence", "score": 0.5}}
    view.apply(ev("moderation", message="moderation: violence 0.50 >= 0.40 (lexicon 'slay*')", data=notice))
    view.apply(ev("message", message="Let's find a happier story!", data={"moderation": "deflect"}))
    view.apply(ev("turn_done", data={"status": "ok", "moderated": "deflect"}))
    md = view.plan_markdown()
    assert "Planning" not in md and "Stopped by moderation" in md and "violence" in md  # the notice: the panel
    assert [item.text for item in view.items()] == ["Let's find a happier story!"], "never the chat"
    korean = TurnView(language="ko")
    korean.apply(ev("error", error={"type": "PlanError", "message": "bad"}))
    korean.apply(ev("turn_done", data={"status": "failed"}))
    assert "멈췄어요" in korean.plan_markdown()


def test_a_scene_shows_each_speaker_and_the_results_stay():
    view = TurnView(language="en", names={"blacksmith": "Bram Ironhand", "station-ai": "HALCYON"})
    view.apply(ev("plan", plan=Plan(steps=[Step(id="s1", tool="image", args={"prompt": "a sword"})])))
    view.apply(ev("message", message="On it: an image.", data={"stage": "ack"}, speaker="blacksmith"))
    view.apply(ev("artifact", step_id="s1", tool="image", artifact=artifact("image", "/d/sword.png")))
    view.apply(ev("message", message="Here's your sword picture.", speaker="blacksmith"))
    view.apply(ev("message", message="Fabrication logged.", speaker="station-ai"))
    view.apply(ev("turn_done", data={"status": "ok"}))
    texts = [item.text for item in view.items() if item.text]
    assert "**Bram Ironhand:** Here's your sword picture." in texts and "**HALCYON:** Fabrication logged." in texts
    assert [item.media.path for item in view.items() if item.media] == ["/d/sword.png"], "the result stays shown"
