"""The one upload policy (agent/uploads.py): kinds, MIME types and suffixes, magic bytes, and the
per-kind size limits from [limits], the same for the studio (ui/uploads.py) and the API."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from agent.config import LimitsSettings, Settings
from agent.uploads import (
    FORMATS, MIB, UnsupportedUpload, format_for_mime, format_for_name, limit_bytes, mime_types, sniff, suffixes,
)

SAMPLES = {  # the first bytes of a real file of each format
    "audio/wav": b"RIFF\x24\x00\x00\x00WAVEfmt ",
    "audio/mpeg": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "audio/ogg": b"OggS\x00\x02\x00\x00",
    "audio/webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81",
    "audio/flac": b"fLaC\x00\x00\x00\x22",
    "image/png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "image/webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "video/mp4": b"\x00\x00\x00\x20ftypisom\x00\x00",
    "application/x-bvh": b"HIERARCHY\nROOT Hips",
}


def test_every_format_knows_its_own_signature_and_no_other() -> None:
    assert sorted(fmt.mime for fmt in FORMATS) == sorted(SAMPLES)
    for fmt in FORMATS:
        for mime, head in SAMPLES.items():
            assert sniff(head, fmt) == (mime == fmt.mime), (fmt.mime, mime)
        assert not sniff(b"", fmt) and not sniff(b"<html>not a file</html>", fmt)


def test_mime_types_and_suffixes_name_the_kind() -> None:
    assert format_for_mime("audio/x-wav").mime == "audio/wav"  # an alias
    assert format_for_mime("image/JPEG; charset=binary").kind == "image"
    assert format_for_name("Voice.OPUS").mime == "audio/ogg" and format_for_name("notes.txt") is None
    assert set(mime_types("image")) == {"image/png", "image/jpeg", "image/webp"}
    assert {".wav", ".mp3", ".ogg", ".oga", ".opus", ".webm", ".flac"} == set(suffixes("audio"))
    assert set(suffixes("card")) == {".yaml", ".yml", ".json", ".png"}
    assert format_for_name("walk.BVH").kind == "motion" and format_for_name("clip.mov").kind == "video"
    assert format_for_mime("video/quicktime").mime == "video/mp4"
    with pytest.raises(UnsupportedUpload, match="'application/pdf' is not accepted.*audio/wav.*image/png"):
        format_for_mime("application/pdf")
    with pytest.raises(UnsupportedUpload, match="none"):
        format_for_mime(None)


def test_limits_come_from_the_settings() -> None:
    defaults = Settings().limits
    assert limit_bytes("image", defaults) == 20 * MIB and limit_bytes("audio", defaults) == 40 * MIB
    assert limit_bytes("card", defaults) == 20 * MIB
    assert limit_bytes("video", defaults) == 200 * MIB and limit_bytes("motion", defaults) == 20 * MIB
    assert limit_bytes("audio", LimitsSettings(upload_audio_mib=0.5)) == MIB // 2


def test_studio_and_api_refuse_the_same_oversize_image(tmp_path: Path, settings: Settings) -> None:
    """One limit: an image just over [limits] upload_image_mib is refused by the studio's check and
    by the API's upload route alike, and one just under passes both."""
    from fastapi.testclient import TestClient

    from tests.api_helpers import build_orchestrator
    from ui.api.app import create_app
    from ui.api.keys import KeyStore
    from ui.uploads import UploadRejected, classify

    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 80).convert("RGB").save(buffer, format="PNG")
    picture = buffer.getvalue()
    limits = LimitsSettings(upload_image_mib=(len(picture) + 10) / MIB)
    tight = settings.model_copy(update={"limits": limits})
    big = tmp_path / "big.png"
    big.write_bytes(picture + b"\x00" * 20)  # trailing bytes: still a PNG, now over the limit
    small = tmp_path / "small.png"
    small.write_bytes(picture)
    assert classify(small, limits=limits).kind == "image"
    with pytest.raises(UploadRejected, match="MB"):
        classify(big, limits=limits)
    keys = KeyStore.for_data_dir(tight.data_dir)
    key, _ = keys.create(name="test")
    with TestClient(create_app(settings=tight, orchestrator=build_orchestrator(tight), keys=keys)) as client:
        client.headers["Authorization"] = f"Bearer {key}"
        session = client.post("/v1/sessions", json={}).json()["id"]
        url = f"/v1/sessions/{session}/uploads"
        assert client.post(url, files={"file": ("small.png", small.read_bytes(), "image/png")}).status_code == 201
        refused = client.post(url, files={"file": ("big.png", big.read_bytes(), "image/png")})
        assert refused.status_code == 413 and "limits.upload_image_mib" in refused.json()["error"]["message"]
