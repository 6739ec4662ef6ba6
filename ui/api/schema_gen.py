"""Write the checked-in contracts: ``ui/api/schema/v1/*.json`` (wire events, JSON Schema
2020-12) and ``ui/api/openapi.json``. Run ``python -m ui.api.schema_gen`` after changing
``protocol.py`` or a route; ``tests/test_api_contract.py`` fails while they are stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE / "schema" / "v1"
OPENAPI = HERE / "openapi.json"
BASE = "https://atelier.invalid/schema/v1/"


def event_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every server event, the union, and client messages."""
    from ui.api.protocol import CLIENT_MESSAGE, SERVER_EVENT, SERVER_EVENTS, CLIENT_MESSAGES

    out: dict[str, dict[str, Any]] = {}

    def stamp(name: str, schema: dict[str, Any], title: str | None = None) -> None:
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": BASE + name,
                  **({"title": title} if title else {}), **schema}
        out[name] = schema

    for model in SERVER_EVENTS:
        kind = model.model_fields["type"].default
        stamp(f"{kind}.json", model.model_json_schema(), None)
    for model in CLIENT_MESSAGES:
        kind = model.model_fields["type"].default
        stamp(f"client-{kind}.json", model.model_json_schema(), None)
    stamp("server-event.json", SERVER_EVENT.json_schema(), "Any server event (protocol v1)")
    stamp("client-message.json", CLIENT_MESSAGE.json_schema(), "Any client message (protocol v1)")
    return out


def openapi() -> dict[str, Any]:
    from agent.config import Settings
    from ui.api.app import create_app

    return create_app(settings=Settings(data_dir=Path("/nonexistent")), orchestrator=None).openapi()


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> int:
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    wanted = event_schemas()
    for stale in SCHEMA_DIR.glob("*.json"):
        if stale.name not in wanted:
            stale.unlink()
    for name, schema in wanted.items():
        (SCHEMA_DIR / name).write_text(dumps(schema), encoding="utf-8")
    OPENAPI.write_text(dumps(openapi()), encoding="utf-8")
    print(f"wrote {len(wanted)} schemas to {SCHEMA_DIR} and {OPENAPI}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
