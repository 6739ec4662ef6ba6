"""The [api], [limits] and [safety] settings sections: TOML, ATELIER_* environment (``__`` nests),
explicit overrides, and a bad value stopping start-up with a ConfigError that names the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import DEFAULT_TOOL_SLOTS, Settings, load_settings
from agent.errors import ConfigError

SECTIONS = """
[api]
allow_origins = ["https://quest.example"]
rate_per_s = 5
burst = 10
[limits]
upload_image_mib = 8
max_plan_steps = 12
turns_at_once = 2
[limits.tool_slots]
video = 3
speech = 0
[safety]
classifier = "openai"
endpoint = "http://127.0.0.1:9000/v1"
audit = false
"""


def test_defaults_are_the_documented_values() -> None:
    settings = Settings()
    assert settings.api.allow_origins == () and settings.api.rate_per_s == 20 and settings.api.burst == 60
    assert settings.limits.upload_image_mib == 20 and settings.limits.upload_audio_mib == 40
    assert settings.limits.upload_card_mib == 20 and settings.limits.max_plan_steps == 32
    assert settings.limits.turns_at_once == 4 and settings.limits.tool_slots == DEFAULT_TOOL_SLOTS
    assert settings.safety.moderation and settings.safety.classifier == "embedded" and settings.safety.audit


def test_sections_from_toml_with_the_environment_on_top(tmp_path: Path) -> None:
    toml = tmp_path / "atelier.toml"
    toml.write_text(SECTIONS)
    settings = load_settings(config_path=toml, environ={"ATELIER_API__BURST": "20",
                                                        "ATELIER_LIMITS__TOOL_SLOTS__IMAGE": "4"})
    assert settings.api.allow_origins == ("https://quest.example",) and settings.api.rate_per_s == 5
    assert settings.api.burst == 20  # the environment wins over the file, key by key
    assert settings.limits.upload_image_mib == 8 and settings.limits.upload_audio_mib == 40
    assert settings.limits.max_plan_steps == 12 and settings.limits.turns_at_once == 2
    slots = settings.limits.tool_slots
    assert slots["video"] == 3 and slots["image"] == 4 and slots["mesh"] == DEFAULT_TOOL_SLOTS["mesh"]
    assert "speech" not in slots  # 0: no limit
    assert settings.safety.classifier == "openai" and settings.safety.endpoint == "http://127.0.0.1:9000/v1"
    assert not settings.safety.audit
    flagged = load_settings({"limits": {"max_plan_steps": 3}}, config_path=toml, environ={})
    assert flagged.limits.max_plan_steps == 3 and flagged.limits.upload_image_mib == 8


def test_environment_alone_sets_nested_keys_and_comma_lists() -> None:
    settings = load_settings(environ={"ATELIER_API__ALLOW_ORIGINS": "https://a.example, https://b.example",
                                      "ATELIER_LIMITS__UPLOAD_AUDIO_MIB": "25",
                                      "ATELIER_SAFETY__MODERATION": "false"})
    assert settings.api.allow_origins == ("https://a.example", "https://b.example")
    assert settings.limits.upload_audio_mib == 25 and not settings.safety.moderation


@pytest.mark.parametrize(
    ("environ", "needles"),
    [({"ATELIER_API__RATE_PER_S": "0"}, ("'api.rate_per_s'", "rate_per_s > 0")),
     ({"ATELIER_API__CORS": "*"}, ("'api.cors'", "README 'Configuration' [api]")),
     ({"ATELIER_LIMITS__UPLOAD_IMAGE_MIB": "-1"}, ("'limits.upload_image_mib'", "upload_*_mib in (0, 1024]")),
     ({"ATELIER_LIMITS__MAX_PLAN_STEPS": "many"}, ("'limits.max_plan_steps'", "max_plan_steps 1-1000")),
     ({"ATELIER_LIMITS__TOOL_SLOTS__TELEPORT": "1"}, ("unknown tool 'teleport'", "tool_slots.<tool>")),
     ({"ATELIER_LIMITS__TOOL_SLOTS__VIDEO": "-2"}, ("tool_slots.video is -2", "0 (no limit)")),
     ({"ATELIER_SAFETY__CLASSIFIER": "llamaguard"}, ("needs model", "'llamaguard' (with model)")),
     ({"ATELIER_SAFETY__CLASSIFIER": "openai", "ATELIER_SAFETY__ENDPOINT": "localhost:9000"},
      ("not an http(s) URL", "endpoint = 'http://HOST:PORT/v1'")),
     ({"ATELIER_SAFETY__CLASSIFIER": "perspective"}, ("'safety.classifier'", "'embedded' | 'llamaguard'"))],
)
def test_a_bad_section_value_names_the_key_and_the_fix(environ: dict[str, str], needles: tuple[str, ...]) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(environ=environ)
    for needle in needles:
        assert needle in str(info.value)


def test_the_sections_reach_their_users(tmp_path: Path) -> None:
    """[api] builds the API app's limiter and CORS, [limits] the studio's tool slots, [safety] the turn's guard."""
    from fastapi.testclient import TestClient

    from persona.turns import TurnSafety
    from tests.api_helpers import build_orchestrator
    from ui.api.app import create_app
    from ui.backend import StudioBackend

    settings = load_settings({"data_dir": str(tmp_path), "api": {"allow_origins": ["https://quest.example"],
                                                                 "rate_per_s": 1, "burst": 2},
                              "limits": {"tool_slots": {"video": 5}}, "safety": {"audit": False}}, environ={})
    app = create_app(settings=settings, orchestrator=build_orchestrator(settings))
    assert app.state.limiter.burst == 2
    with TestClient(app) as client:
        preflight = client.options("/v1/health", headers={"Origin": "https://quest.example",
                                                          "Access-Control-Request-Method": "GET"})
        assert preflight.headers["access-control-allow-origin"] == "https://quest.example"
    assert StudioBackend(settings=settings).slots.slots["video"] == 5
    guard = TurnSafety.for_settings(settings).guard
    assert guard is not None and guard.audit is None
    off = settings.model_copy(update={"safety": settings.safety.model_copy(update={"moderation": False})})
    assert TurnSafety.for_settings(off).guard is None
