"""Limits and switches of the network API (the core ``Settings`` stay the orchestrator's)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

AUDIO_TYPES = ("audio/wav", "audio/x-wav", "audio/wave", "audio/mpeg", "audio/ogg", "audio/webm", "audio/flac")
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")


class ApiSettings(BaseModel):
    """What a deployment may tune; defaults suit one machine serving a few XR clients."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rate_per_s: float = Field(default=20.0, gt=0, description="sustained requests per second per key")
    burst: int = Field(default=60, ge=1, description="requests a key may make at once")
    max_audio_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    max_image_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_sessions_per_key: int = Field(default=1000, ge=1)
    history_events: int = Field(default=2000, ge=10, description="events kept per session for reconnects")
    speak_replies: bool = Field(default=True, description="voice sessions get the reply as speech + visemes")
    allow_origins: tuple[str, ...] = Field(default=(), description="CORS origins allowed (none by default)")
