"""The checked-in contracts are current (OpenAPI, event JSON Schemas) and a bounded
schemathesis run with every check finds nothing: the spec says what the server does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from agent.config import Settings
from tests.api_helpers import build_orchestrator, live_server
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


CONTRACT_EXAMPLES = 10  # per operation and phase: ~600 cases, ~10 s on 2 cores (`st run` takes more for a deeper run)


def test_schemathesis_finds_nothing_with_every_check(tmp_path):
    """``st run --checks all`` (every phase: examples, coverage, fuzzing, stateful) against the real
    app on loopback: every status code and content type is in the spec, spec-valid requests are
    accepted, spec-invalid ones refused, auth is enforced, created resources are found."""
    data = tmp_path / "data"
    settings = Settings(data_dir=data, api={"rate_per_s": 10_000, "burst": 10_000,  # fuzz routes, not limiters
                                            "failed_auth_burst": 100_000, "failed_auth_per_min": 100_000})
    keys = KeyStore.for_data_dir(data)
    key, _ = keys.create(name="schemathesis")
    app = create_app(settings=settings, orchestrator=build_orchestrator(settings), keys=keys)
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.contract_hooks",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    with live_server(app) as base:
        result = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{base}/openapi.json", "--checks", "all",
             "--max-examples", str(CONTRACT_EXAMPLES), "--seed", "18", "--request-timeout", "20",
             "--header", f"Authorization: Bearer {key}", "--no-color", "--report-dir", str(tmp_path / "reports")],
            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert " 0 failures" in result.stdout or "passed" in result.stdout.lower(), result.stdout[-3000:]
