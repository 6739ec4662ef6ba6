"""Shared fixtures: an isolated data dir, settings and a store (the fakes are in tests/fakes.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from agent.config import Settings  # noqa: E402
from agent.store import ArtifactStore  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> ArtifactStore:
    return ArtifactStore(data_dir=settings.data_dir, session_id="test", user_id="tester")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes to the user's real data dir or reads a stray atelier.toml."""
    monkeypatch.setenv("ATELIER_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.chdir(tmp_path)
