"""Settings: ``atelier.toml`` < ``ATELIER_*`` environment < CLI flags, validated at start-up.

A wrong value raises ``ConfigError`` that names the key, what was given and the fix.
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from agent.errors import ConfigError, FieldProblem, from_validation

Profile = Literal["embedded", "neural"]
PlannerName = Literal["embedded", "llm"]
ENV_PREFIX = "ATELIER_"
TOOL_ENTRY_POINTS = "atelier.tools"  # built-in tools and plugins register here (pyproject.toml)


@cache
def tool_names() -> tuple[str, ...]:
    """Names of every registered tool, read from the entry points without importing a tool."""
    return tuple(sorted({entry.name for entry in entry_points(group=TOOL_ENTRY_POINTS)}))


def _check_tool_names(value: dict[str, Any]) -> None:
    for tool in value:
        if tool not in tool_names():
            raise ValueError(f"unknown tool {tool!r}; use one of {', '.join(tool_names())}")


def _http_url(value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value.rstrip("/") if value else value


BaseUrl = Annotated[str | None, AfterValidator(_http_url)]  # an http(s) base URL, no trailing slash


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
    base_url: BaseUrl = Field(default=None, description="e.g. http://127.0.0.1:11434/v1 (Ollama)")
    model: str | None = Field(default=None, description="model name at the endpoint, or a transformers id/path")
    api_key: SecretStr | None = Field(default=None, description="also from OPENAI_API_KEY or ATELIER_LLM__API_KEY")
    timeout_s: float = Field(default=60.0, gt=0, le=3600, description="wait for the first token and between tokens")
    max_retries: int = Field(default=2, ge=0, le=10)
    temperature: float = Field(default=0.2, ge=0, le=2)
    max_tokens: int = Field(default=1024, ge=1, le=32768)
    json_mode: bool = Field(default=True, description="ask the endpoint for a JSON object when planning")
    responder: bool = Field(default=True, description="the configured LLM also speaks the replies")

    @property
    def configured(self) -> bool:
        """Whether an LLM is set up at all (an endpoint or a local model)."""
        return bool(self.base_url or self.model)


class ApiSettings(BaseModel):
    """The ``[api]`` section: the XR network API (ui/api/); defaults suit one machine serving a few clients."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_origins: tuple[str, ...] = Field(default=(), description="CORS origins allowed (none by default; "
                                           "'*' for any, never with credentials); in the environment a "
                                           "comma-separated list")
    rate_per_s: float = Field(default=20.0, gt=0, le=100_000, description="sustained requests per second per key")
    burst: int = Field(default=60, ge=1, le=100_000, description="requests a key may make at once")
    max_body_kib: int = Field(default=1024, ge=1, le=1024 * 1024, description="largest JSON request body "
                              "(uploads have their own limits in [limits])")
    failed_auth_burst: int = Field(default=10, ge=1, le=100_000, description="wrong keys or passwords one client "
                                   "address (and one key id or user) may send at once before 429")
    failed_auth_per_min: float = Field(default=10.0, gt=0, le=100_000, description="wrong attempts earned back "
                                       "per minute")
    max_sessions_per_key: int = Field(default=1000, ge=1)
    history_events: int = Field(default=2000, ge=10, description="events kept per session for reconnects")
    speak_replies: bool = Field(default=True, description="voice sessions get the reply as speech + visemes")

    @field_validator("allow_origins", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        return tuple(part.strip() for part in value.split(",") if part.strip()) if isinstance(value, str) else value

    @field_validator("allow_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for origin in value:
            if origin != "*" and not re.fullmatch(r"https?://[^/\s?#]+", origin):
                raise ValueError(f"{origin!r} is not an origin; write scheme://host[:port] without a path, "
                                 "e.g. 'https://app.example.com', or '*'")
        return tuple(origin.lower() for origin in value)


class UiSettings(BaseModel):
    """The ``[ui]`` section: who may use the studio (ui/studio.py, ui/login.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    login: Literal["auto", "on", "off"] = Field(
        default="auto", description="auto: sign-in required unless the studio listens on loopback only; "
        "on: always; off: never (refused on any other address)")
    users: dict[str, str] = Field(default_factory=dict, description="studio sign-ins: user name -> password hash "
                                  "from `python app.py keys password NAME`; API keys sign in too")

    @field_validator("users")
    @classmethod
    def _hashed(cls, value: dict[str, str]) -> dict[str, str]:
        for name, hashed in value.items():
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", name):
                raise ValueError(f"user name {name!r} is not valid; use 1-64 letters, digits, '-' or '_'")
            if not hashed.startswith("scrypt$"):
                raise ValueError(f"users.{name} is not a password hash; paste what `python app.py keys password "
                                 f"{name}` prints (never the password itself)")
        return value


# Heavy tools get one or two slots in the studio (ui/limits.py); light ones are not limited.
DEFAULT_TOOL_SLOTS: dict[str, int] = {"video": 1, "avatar": 1, "motion": 1, "image": 2, "panorama": 1,
                                      "mesh": 2, "speech": 2, "transcribe": 2}


class LimitsSettings(BaseModel):
    """The ``[limits]`` section: upload sizes (studio and API alike, agent/uploads.py), plan size,
    and how much the studio runs at once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    upload_image_mib: float = Field(default=20.0, gt=0, le=1024, description="largest image upload (PNG, JPEG, WebP)")
    upload_audio_mib: float = Field(default=40.0, gt=0, le=1024, description="largest recording upload")
    upload_card_mib: float = Field(default=20.0, gt=0, le=1024, description="largest persona card upload (studio)")
    upload_video_mib: float = Field(default=200.0, gt=0, le=1024, description="largest video upload (MP4, MOV)")
    upload_motion_mib: float = Field(default=20.0, gt=0, le=1024, description="largest motion upload (BVH)")
    max_plan_steps: int = Field(default=32, ge=1, le=1000, description="steps one plan may hold")
    turns_at_once: int = Field(default=4, ge=1, le=256, description="studio turns running together")
    tool_slots: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_TOOL_SLOTS),
                                       description="studio steps of a tool running at once; 0 = no limit")

    @field_validator("tool_slots", mode="before")
    @classmethod
    def _over_defaults(cls, value: Any) -> Any:
        # a [limits.tool_slots] table changes the tools it names; the others keep their defaults
        if not isinstance(value, dict):
            return value
        _check_tool_names(value)
        return {**DEFAULT_TOOL_SLOTS, **value}

    @field_validator("tool_slots")
    @classmethod
    def _counts(cls, value: dict[str, int]) -> dict[str, int]:
        for tool, count in value.items():
            if count < 0:
                raise ValueError(f"tool_slots.{tool} is {count}; give 1 or more, or 0 for no limit")
        return {tool: count for tool, count in value.items() if count > 0}


class SafetySettings(BaseModel):
    """The ``[safety]`` section: the moderation of every turn (persona/safety/) and ``moderate``'s defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    moderation: bool = Field(default=True, description="moderate turns (user input, NPC output, plans)")
    classifier: Literal["embedded", "llamaguard", "openai"] = Field(
        default="embedded", description="embedded (offline), Llama Guard (transformers), or an OpenAI-compatible "
        "/moderations endpoint; the neural ones fall back to the embedded one with a warning")
    model: str | None = Field(default=None, description="Llama Guard model id or path; moderation model name")
    endpoint: BaseUrl = Field(default=None, description="base URL (…/v1) of the endpoint for classifier 'openai'")
    audit: bool = Field(default=True, description="write every decision to <data_dir>/audit")

    @model_validator(mode="after")
    def _classifier_has_its_source(self) -> "SafetySettings":
        if self.classifier == "llamaguard" and not self.model:
            raise ValueError("classifier 'llamaguard' needs model (a Llama Guard id or a local path)")
        if self.classifier == "openai" and not self.endpoint:
            raise ValueError("classifier 'openai' needs endpoint (e.g. http://127.0.0.1:8000/v1)")
        return self


class VoiceSettings(BaseModel):
    """The ``[voice]`` section: the packaged recognizer and voice, and how a spoken turn is taken (agent/voice.py,
    agent/listening.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    recognizer: Literal["whisper-base", "whisper-tiny.en", "pocketsphinx"] = Field(
        default="whisper-base", description="the embedded recognizer: Whisper base (multilingual), tiny.en "
        "(English, less memory) or PocketSphinx (English, least accurate); weights ship in packages")
    english_voice: Literal["auto", "piper", "espeak"] = Field(
        default="auto", description="English speech: Piper's packaged voice when installed (auto), or eSpeak NG")
    confidence_floor: float = Field(default=0.35, ge=0, le=1, description="a transcript heard with less "
                                    "confidence is not acted on: the NPC asks to hear it again")
    end_of_speech_ms: int = Field(default=400, ge=100, le=5000, description="silence that ends an utterance "
                                  "in a streamed (hands-free) turn")
    barge_in_ms: int = Field(default=90, ge=30, le=2000, description="speech that interrupts a reply being played")
    partials: bool = Field(default=True, description="send partial transcripts while the user speaks")


class ToolResources(BaseModel):
    """What one tool's Ray workers hold (``[cluster.tools.<tool>]``): each worker is an actor that
    loads the tool (and its model) once and runs one call at a time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    num_cpus: float = Field(default=1.0, ge=0, le=1024, description="CPUs one worker holds")
    num_gpus: float = Field(default=0.0, ge=0, le=64, description="GPUs one worker holds (0.5: two share one)")
    resources: dict[str, float] = Field(default_factory=dict, description="custom Ray resources one worker holds")
    workers: int = Field(default=1, ge=1, le=1024, description="workers in the tool's pool")
    max_queued: int = Field(default=64, ge=0, le=100_000, description="calls waiting for a worker before "
                            "new ones are refused (retryable)")


class ClusterSettings(BaseModel):
    """The ``[cluster]`` section: where tool calls run (agent/runner.py). ``local``: in this process
    (the default, nothing to install); ``ray``: each tool in a pool of Ray actors (``atelier[ray]``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engine: Literal["local", "ray"] = Field(default="local", description="local (in-process) or ray")
    address: str = Field(default="", description="Ray cluster address (HOST:6379, ray://HOST:10001, auto); "
                         "empty: start a local Ray in this process")
    namespace: str = Field(default="atelier", pattern=r"^[A-Za-z0-9_-]{1,64}$",
                           description="Ray namespace of the named workers and the shared API state")
    connect_timeout_s: float = Field(default=10.0, gt=0, le=600, description="give up on an unreachable address")
    num_cpus: int | None = Field(default=None, ge=1, le=4096, description="CPUs of a local Ray (default: all)")
    retries: int = Field(default=1, ge=0, le=10, description="retries of a call whose worker died")
    api_cpus: float = Field(default=0.0, ge=0, le=1024, description="CPUs one API replica reserves "
                            "(app.py serve --engine ray; replicas mostly wait on I/O)")
    tools: dict[str, ToolResources] = Field(default_factory=dict, description="per-tool worker resources")

    @field_validator("tools")
    @classmethod
    def _known_tools(cls, value: dict[str, ToolResources]) -> dict[str, ToolResources]:
        _check_tool_names(value)
        return value

    def resources_for(self, tool: str) -> ToolResources:
        """The declared resources of ``tool``'s workers (one CPU, one worker when not declared)."""
        return self.tools.get(tool) or ToolResources()


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
    api: ApiSettings = Field(default_factory=ApiSettings, description="XR network API (ui/api/)")
    limits: LimitsSettings = Field(default_factory=LimitsSettings, description="upload sizes, plan size, studio load")
    safety: SafetySettings = Field(default_factory=SafetySettings, description="moderation (persona/safety/)")
    ui: UiSettings = Field(default_factory=UiSettings, description="studio sign-in (ui/studio.py)")
    voice: VoiceSettings = Field(default_factory=VoiceSettings, description="speech in and out (agent/voice.py)")
    cluster: ClusterSettings = Field(default_factory=ClusterSettings, description="where tool calls run (local, ray)")

    @field_validator("backends", "models")
    @classmethod
    def _known_tools(cls, value: dict[str, Any]) -> dict[str, Any]:
        _check_tool_names(value)
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
    "api": "see README 'Configuration' [api]: allow_origins = ['https://HOST'], rate_per_s > 0, burst >= 1, "
           "max_body_kib >= 1, failed_auth_burst >= 1, failed_auth_per_min > 0",
    "ui": "see README 'Configuration' [ui]: login = 'auto' | 'on' | 'off', users.NAME = the hash "
          "`python app.py keys password NAME` prints",
    "limits": "see README 'Configuration' [limits]: upload_*_mib in (0, 1024], max_plan_steps 1-1000, "
              "tool_slots.<tool> = 0 (no limit) or more",
    "safety": "see README 'Configuration' [safety]: classifier = 'embedded' | 'llamaguard' (with model) | "
              "'openai' (with endpoint = 'http://HOST:PORT/v1')",
    "voice": "see README 'Voice': recognizer = 'whisper-base' | 'whisper-tiny.en' | 'pocketsphinx', "
             "english_voice = 'auto' | 'piper' | 'espeak', confidence_floor 0-1, end_of_speech_ms 100-5000",
    "cluster": "see README 'Running on a cluster': engine = 'local' | 'ray', address = 'HOST:6379' or empty, "
               "tools.<tool>.num_gpus >= 0, tools.<tool>.workers >= 1",
}


def _env_values(environ: dict[str, str]) -> dict[str, Any]:
    """``ATELIER_PROFILE=neural``, ``ATELIER_BACKENDS__MESH=neural``, ``ATELIER_LIMITS__TOOL_SLOTS__IMAGE=4``."""
    values: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or name in (f"{ENV_PREFIX}CONFIG",):
            continue
        *groups, key = name[len(ENV_PREFIX):].lower().split("__")
        target = values
        for group in groups:
            target = target.setdefault(group, {})
        target[key] = raw
    return values


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``, table by table (an env var changes one key of a TOML table)."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the syntax or remove the file") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc


def assignments_to_overrides(assignments: Sequence[str]) -> dict[str, Any]:
    """``["limits.max_plan_steps=16", "api.burst=10"]`` (the CLI's ``--set``) as nested overrides;
    values stay strings and are validated like environment values."""
    values: dict[str, Any] = {}
    for assignment in assignments:
        dotted, sep, raw = assignment.partition("=")
        keys = [key.strip().lower() for key in dotted.split(".")]
        if not sep or not all(keys):
            raise ConfigError(f"bad --set {assignment!r}: write SECTION.KEY=VALUE, e.g. --set limits.max_plan_steps=16")
        *groups, key = keys
        target = values
        for group in groups:
            target = target.setdefault(group, {})
            if not isinstance(target, dict):
                raise ConfigError(f"bad --set {assignment!r}: {group!r} is set as a value and as a section")
        target[key] = raw.strip()
    return values


def load_settings(
    overrides: dict[str, Any] | None = None,
    *,
    assignments: Sequence[str] = (),
    config_path: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Merge config file, environment, ``--set`` assignments and explicit overrides (highest wins) and validate."""
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    explicit = config_path or (Path(environ[f"{ENV_PREFIX}CONFIG"]) if f"{ENV_PREFIX}CONFIG" in environ else None)
    path = explicit or Path("atelier.toml")
    if explicit is not None and not path.is_file():
        raise ConfigError(f"config file {path} does not exist; create it or unset ATELIER_CONFIG")
    if path.is_file():
        values.update(_read_toml(path))
    explicit_values = {k: v for k, v in (overrides or {}).items() if v is not None}
    for source in (_env_values(environ), assignments_to_overrides(assignments), explicit_values):
        values = _merge(values, source)
    try:
        return Settings(**values)
    except ValidationError as exc:
        def worded(problem: FieldProblem) -> str:
            top = str(problem.loc[0]) if problem.loc else ""
            fix = _FIXES.get(top, f"remove it; known keys are {', '.join(_FIXES)}")
            return f"bad config value for {problem.where!r} ({problem.input!r}): {problem.msg}; {fix}"

        raise from_validation(exc, error_type=ConfigError, where="config", message=worded) from exc
