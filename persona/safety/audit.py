"""The moderation audit log: one JSON line per decision under ``<data_dir>/audit/``.

Lines hold time, session, persona, stage, category, score, action (plus whether it was
flagged, the reason, ``decided_by``: the classifier stage and evidence family behind the category,
e.g. ``{"stage": "trained", "family": "hate/ko_gender_slur", "features": {"char": 2.1, "encoder": 1.4}}``,
and a SHA-256 of the text, never the text itself: the log must not become
a second copy of what users said). Each line is flushed and fsynced before the decision is
acted on.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from agent.durable import append_line, good_records
from persona.safety.categories import Decision

AUDIT_FILE = "moderation.jsonl"


class AuditLog:
    """Append-only JSONL audit log; safe to share between threads of one process."""

    def __init__(self, *, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @classmethod
    def under(cls, data_dir: Path) -> "AuditLog":
        """The log at ``<data_dir>/audit/moderation.jsonl``."""
        return cls(path=Path(data_dir) / "audit" / AUDIT_FILE)

    def record(self, decision: Decision, *, text: str, session: str, persona: str | None,
               classifier: str = "embedded") -> dict[str, Any]:
        """Append one decision and return the line written."""
        now = time.time()
        line = {
            "time": datetime.fromtimestamp(now, tz=timezone.utc).isoformat(timespec="milliseconds"),
            "ts": round(now, 3),
            "session": session,
            "persona": persona,
            "stage": decision.stage,
            "category": decision.category,
            "score": decision.score,
            "action": decision.action,
            "flagged": decision.flagged,
            "reason": decision.reason,
            "classifier": classifier,
            # which stage decided and on what family of evidence, so a false flag can be traced
            **({"decided_by": decision.provenance.public()} if decision.provenance is not None else {}),
            "text_sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            "chars": len(text),
        }
        with self._lock:  # fsynced; a torn line from a crash is ended first (agent/durable.py)
            append_line(self.path, json.dumps(line, ensure_ascii=False))
        return line

    def records(self) -> Iterator[dict[str, Any]]:
        """Every line written so far (a torn last line after a crash is skipped)."""
        yield from good_records(self.path, what="moderation record")
