"""Settings: ``atelier.toml`` < ``ATELIER_*`` environment < CLI flags, validated at start-up.

A wrong value raises ``ConfigError`` that names the key, what was given and the fix.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.errors import ConfigError

Profile = Literal["embedded", "neural"]
PlannerName = Literal["embedded", "llm"]
CANONICAL_TOOLS = ("image", "panorama", "video", "mesh", "motion", "speech", "transcribe", "avatar")
ENV_PREFIX = "ATELIER_"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("atelier", appauthor=False))


class Settings(BaseModel):
    """Validated runtime configuration. Build it with :func:`load_settings`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: Profile = "embedded"
    planner: PlannerName = "embedded"
    data_dir: Path = Field(default_factory=default_data_dir)
    backends: dict[str, Profile] = Field(default_factory=dict, description="per-tool backend overrides")
    models: dict[str, str] = Field(default_factory=dict, description="per-tool model id or local path")
    step_timeout_s: float = Field(default=900.0, gt=0, le=86400)
    max_parallel_steps: int = Field(default=4, ge=1, le=64)

    @field_validator("backends", "models")
    @classmethod
    def _known_tools(cls, value: dict[str, Any]) -> dict[str, Any]:
        for tool in value:
            if tool not in CANONICAL_TOOLS:
                raise ValueError(f"unknown tool {tool!r}; use one of {', '.join(CANONICAL_TOOLS)}")
        return value

    def backend_for(self, tool: str) -> Profile:
        """The backend a tool should use: its override, else the profile."""
        return self.backends.get(tool, self.profile)


_FIXES = {
    "profile": "set it to 'embedded' (offline, CPU) or 'neural'",
    "planner": "set it to 'embedded' or 'llm'",
    "data_dir": "give a writable directory path",
    "backends": "map tool names to 'embedded' or 'neural', e.g. backends.mesh = 'neural'",
    "models": "map tool names to a model id or a local path",
    "step_timeout_s": "give seconds as a positive number, at most 86400",
    "max_parallel_steps": "give a whole number from 1 to 64",
}


def _env_values(environ: dict[str, str]) -> dict[str, Any]:
    """``ATELIER_PROFILE=neural``, ``ATELIER_BACKENDS__MESH=neural``, ``ATELIER_MODELS__IMAGE=...``."""
    values: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or name in (f"{ENV_PREFIX}CONFIG",):
            continue
        key = name[len(ENV_PREFIX):].lower()
        if "__" in key:
            group, sub = key.split("__", 1)
            values.setdefault(group, {})[sub] = raw
        else:
            values[key] = raw
    return values


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the syntax or remove the file") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc


def load_settings(
    overrides: dict[str, Any] | None = None,
    *,
    config_path: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Merge config file, environment and explicit overrides (highest wins) and validate."""
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    explicit = config_path or (Path(environ[f"{ENV_PREFIX}CONFIG"]) if f"{ENV_PREFIX}CONFIG" in environ else None)
    path = explicit or Path("atelier.toml")
    if explicit is not None and not path.is_file():
        raise ConfigError(f"config file {path} does not exist; create it or unset ATELIER_CONFIG")
    if path.is_file():
        values.update(_read_toml(path))
    for source in (_env_values(environ), {k: v for k, v in (overrides or {}).items() if v is not None}):
        for key, value in source.items():
            if isinstance(value, dict) and isinstance(values.get(key), dict):
                values[key] = {**values[key], **value}
            else:
                values[key] = value
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "config"
        top = str(first["loc"][0]) if first["loc"] else ""
        fix = _FIXES.get(top, f"remove it; known keys are {', '.join(_FIXES)}")
        given = first.get("input")
        raise ConfigError(f"bad config value for {key!r} ({given!r}): {first['msg']}; {fix}") from exc
