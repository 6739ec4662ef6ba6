"""Settings: ``atelier.toml`` < ``ATELIER_*`` environment < CLI flags, validated at start-up.

A wrong value raises ``ConfigError`` that names the key, what was given and the fix.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from agent.errors import ConfigError, FieldProblem, from_validation

Profile = Literal["embedded", "neural"]
PlannerName = Literal["embedded", "llm"]
CANONICAL_TOOLS = ("image", "panorama", "video", "mesh", "motion", "speech", "transcribe", "avatar", "level")
ENV_PREFIX = "ATELIER_"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("atelier", appauthor=False))


class MemorySettings(BaseModel):
    """The ``[memory]`` section: where memory lives and how recall is scored (memory/stream.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    chroma_url: str | None = Field(default=None, description="a Chroma server, e.g. http://127.0.0.1:8000; "
                                   "default: a local store in <data_dir>/memory")
    path: Path | None = Field(default=None, description="local store directory; default <data_dir>/memory")
    recency_weight: float = Field(default=0.5, ge=0, le=100)
    importance_weight: float = Field(default=0.5, ge=0, le=100)
    relevance_weight: float = Field(default=1.0, ge=0, le=100)
    decay_per_hour: float = Field(default=0.995, gt=0, le=1)
    reflection_threshold: float = Field(default=30.0, gt=0)
    recall_k: int = Field(default=5, ge=1, le=50)
    buffer_turns: int = Field(default=12, ge=1, le=500)
    buffer_tokens: int = Field(default=1500, ge=1, le=200000)


class LLMSettings(BaseModel):
    """The ``[llm]`` section: the chat model behind the LLM planner and responder (agent/llm/).

    ``base_url`` selects an OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server, OpenAI);
    without it, ``model`` is a local transformers model id or folder run in-process.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: Literal["auto", "openai", "transformers"] = Field(
        default="auto", description="auto: 'openai' when base_url is set, else 'transformers' when model is set")
    base_url: str | None = Field(default=None, description="e.g. http://127.0.0.1:11434/v1 (Ollama)")
    model: str | None = Field(default=None, description="model name at the endpoint, or a transformers id/path")
    api_key: SecretStr | None = Field(default=None, description="also from OPENAI_API_KEY or ATELIER_LLM__API_KEY")
    timeout_s: float = Field(default=60.0, gt=0, le=3600, description="wait for the first token and between tokens")
    max_retries: int = Field(default=2, ge=0, le=10)
    temperature: float = Field(default=0.2, ge=0, le=2)
    max_tokens: int = Field(default=1024, ge=1, le=32768)
    json_mode: bool = Field(default=True, description="ask the endpoint for a JSON object when planning")
    responder: bool = Field(default=True, description="the configured LLM also speaks the replies")

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value.rstrip("/") if value else value

    @property
    def configured(self) -> bool:
        """Whether an LLM is set up at all (an endpoint or a local model)."""
        return bool(self.base_url or self.model)


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
    compile_models: bool = Field(default=False, description="torch.compile neural diffusion models on CUDA "
                                 "(minutes to warm up, ~3x faster after)")
    memory: MemorySettings = Field(default_factory=MemorySettings, description="vector memory (memory/)")
    llm: LLMSettings = Field(default_factory=LLMSettings, description="LLM planner and responder (agent/llm/)")

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
    "compile_models": "set it to true or false",
    "memory": "see README 'Memory': chroma_url = 'http://HOST:PORT', weights >= 0, decay_per_hour in (0, 1]",
    "llm": "see README 'LLM planner and responder': base_url = 'http://HOST:PORT/v1', model = NAME, "
           "timeout_s > 0, max_retries 0-10, temperature 0-2",
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
        def worded(problem: FieldProblem) -> str:
            top = str(problem.loc[0]) if problem.loc else ""
            fix = _FIXES.get(top, f"remove it; known keys are {', '.join(_FIXES)}")
            return f"bad config value for {problem.where!r} ({problem.input!r}): {problem.msg}; {fix}"

        raise from_validation(exc, error_type=ConfigError, where="config", message=worded) from exc
