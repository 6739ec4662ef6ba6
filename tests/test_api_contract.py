"""The checked-in contracts are current (OpenAPI, event JSON Schemas) and a bounded
schemathesis run against the app finds no 5xx."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings as hypothesis_settings

from agent.config import Settings
from tests.api_helpers import build_orchestrator
from ui.api import schema_gen
from ui.api.app import create_app
from ui.api.keys import KeyStore


def test_openapi_json_is_up_to_date():
    checked_in = json.loads(schema_gen.OPENAPI.read_text(encoding="utf-8"))
    assert checked_in == json.loads(schema_gen.dumps(schema_gen.openapi())), \
        "ui/api/openapi.json is stale: run `python -m ui.api.schema_gen`"


def test_event_schemas_are_up_to_date():
    wanted = schema_gen.event_schemas()
    present = {p.name for p in schema_gen.SCHEMA_DIR.glob("*.json")}
    assert present == set(wanted), "schema files differ: run `python -m ui.api.schema_gen`"
    for name, schema in wanted.items():
        on_disk = json.loads((schema_gen.SCHEMA_DIR / name).read_text(encoding="utf-8"))
        assert on_disk == json.loads(schema_gen.dumps(schema)), f"{name} is stale: run `python -m ui.api.schema_gen`"


def test_openapi_is_served(tmp_path):
    from fastapi.testclient import TestClient

    settings = Settings(data_dir=tmp_path / "d")
    app = create_app(settings=settings, orchestrator=build_orchestrator(settings))
    served = TestClient(app).get("/openapi.json").json()
    assert served["paths"].keys() == json.loads(schema_gen.OPENAPI.read_text())["paths"].keys()
    assert "/v1/chat/completions" in served["paths"]


_DATA = Path(tempfile.mkdtemp(prefix="atelier-schemathesis-"))
_SETTINGS = Settings(data_dir=_DATA, api={"rate_per_s": 10_000, "burst": 10_000})  # fuzz the routes, not the limiter
_KEYS = KeyStore.for_data_dir(_DATA)
_KEY, _ = _KEYS.create(name="schemathesis")
_APP = create_app(settings=_SETTINGS, orchestrator=build_orchestrator(_SETTINGS), keys=_KEYS)
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@schema.parametrize()
@hypothesis_settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {_KEY}"}
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
