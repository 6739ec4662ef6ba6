"""Events -> what the chat shows. Pure data, no Gradio: the studio turns these into components.

:class:`TurnView` folds one turn's Event stream (agent/types.py) into a plan/progress panel,
the reply text (streamed deltas, then the final message), warnings, errors and the media to
show inline: images, 3D models, videos, audio and downloadable files. It never plans or
decides anything (house rule 7): it only renders what the events say.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal

from agent.types import Event
from ui.i18n import text

MediaKind = Literal["image", "model3d", "video", "audio", "file"]
MODEL_SUFFIXES = (".glb", ".gltf", ".obj", ".stl", ".ply")


@dataclass
class Media:
    """One file to show in the chat."""

    kind: MediaKind
    path: str
    caption: str = ""
    autoplay: bool = False
    artifact_id: str = ""


@dataclass
class StepState:
    step_id: str
    tool: str
    summary: str = ""
    status: Literal["waiting", "running", "done", "failed"] = "waiting"
    progress: float = 0.0
    note: str = ""
    duration_s: float | None = None


@dataclass
class ChatItem:
    """One chat bubble: text or a media file, optionally a collapsible "thought" (``title``)."""

    role: Literal["user", "assistant"]
    text: str | None = None
    media: Media | None = None
    title: str | None = None
    status: Literal["pending", "done"] | None = None


def media_for(artifact: dict[str, Any]) -> Media | None:
    """How an artifact (``Artifact.public()``) is shown; None for files that only clutter the chat."""
    kind, path = artifact.get("kind"), str(artifact.get("path", ""))
    suffix = Path(path).suffix.lower()
    meta = artifact.get("meta") or {}
    caption = str(meta.get("prompt") or meta.get("text") or "")[:200]
    ident = str(artifact.get("id", ""))
    if meta.get("role") == "tileset":
        return None  # a level's Tiled tileset strip: a file for Tiled, not a picture to show
    if kind == "image":
        return Media("image", path, caption, artifact_id=ident)
    if kind == "video":
        return Media("video", path, caption, artifact_id=ident)
    if kind in ("mesh", "motion") and suffix in MODEL_SUFFIXES:
        return Media("model3d", path, caption, artifact_id=ident)
    if kind == "audio":
        return Media("audio", path, caption, artifact_id=ident)
    if kind in ("motion", "visemes", "mesh"):
        return Media("file", path, caption, artifact_id=ident)
    return None  # text artifacts (transcripts) are read into the reply instead


@dataclass
class SpokenReply:
    """One persona's reply in a turn (a scene has one per speaker): streamed, then final."""

    speaker: str | None
    text: str = ""
    final: bool = False


class TurnView:
    """The state of one turn as its events arrive. ``apply`` each event, then read the parts.

    ``media_hook`` may swap a file for a served copy (the studio points media at Gradio's cache);
    ``names``: persona id -> display name, to say who speaks when a scene has several speakers.
    Moderation notices go to the plan panel (what the tools and moderation did), never into the
    conversation; the panel ends in a clear state however the turn ended.
    """

    def __init__(self, *, language: str = "en", media_hook: Callable[[Media], Media] | None = None,
                 names: dict[str, str] | None = None) -> None:
        self.language = language
        self.names = dict(names or {})
        self.replies: list[SpokenReply] = []
        self.moderation: list[str] = []
        self.stopped: str | None = None  # why the turn ended before any plan (moderation, an error)
        self._media_hook = media_hook or (lambda media: media)
        self.steps: dict[str, StepState] = {}
        self.planned = False
        self.plan_language: str | None = None
        self.reply = ""
        self.reply_final = False
        self.media: list[Media] = []
        self.spoken: Media | None = None
        self._spoken_parts: list[str] = []  # each spoken sentence's WAV, in order
        self._spoken_shown = 0  # how many of them ``spoken`` plays
        self.notes: list[str] = []
        self.errors: list[str] = []
        # What follows the lead bubble, in arrival order. The chat only ever appends bubbles
        # or edits one in place: Gradio streams list diffs, and re-ordering bubbles of
        # different kinds produced diffs its own client could not apply.
        self._log: list[tuple[str, Any]] = []
        self.done = False
        self.status: str | None = None

    # -- folding events -------------------------------------------------------------------------
    def apply(self, event: Event) -> None:
        """Fold one event into the view."""
        handler = getattr(self, f"_on_{event.kind}", None)
        if handler is not None:
            handler(event)

    def _on_plan(self, event: Event) -> None:
        self.planned = True
        if event.plan is None:
            return
        self.plan_language = event.plan.language
        for step in event.plan.steps:
            self.steps[step.id] = StepState(step.id, step.tool, summary=_summary(step.args))
        self._open_reply()  # the reply's bubble sits above the results it will describe

    def _step(self, event: Event) -> StepState:
        step_id = event.step_id or "?"
        if step_id not in self.steps:
            self.steps[step_id] = StepState(step_id, event.tool or "?")
        return self.steps[step_id]

    def _on_step_started(self, event: Event) -> None:
        self._step(event).status = "running"

    def _on_progress(self, event: Event) -> None:
        state = self._step(event)
        state.status = "running"
        state.progress = max(state.progress, event.progress or 0.0)
        state.note = event.message or state.note

    def _on_step_done(self, event: Event) -> None:
        state = self._step(event)
        state.status, state.progress, state.duration_s = "done", 1.0, event.duration_s
        state.note = event.message or state.note

    def _on_artifact(self, event: Event) -> None:
        if event.artifact is None:
            return
        shown = media_for(event.artifact)
        if shown is not None:
            shown = self._media_hook(shown)
            self.media.append(shown)
            self._log.append(("media", shown))

    def _on_message_delta(self, event: Event) -> None:
        reply = self._reply_of(event.speaker)
        if not reply.final:
            reply.text += event.message or ""
            self._sync()

    def _on_message(self, event: Event) -> None:
        reply = self._reply_of(event.speaker)
        reply.text, reply.final = event.message or "", True
        if event.data.get("moderation") and not self.planned:
            self.stopped = str(event.data["moderation"])
        self._sync()

    def _reply_of(self, speaker: str | None) -> SpokenReply:
        """The reply being spoken by ``speaker``: a new one when another persona starts talking."""
        if self.replies and self.replies[-1].speaker is None and not self.replies[-1].text:
            self.replies[-1].speaker = speaker  # the bubble opened for the plan's reply is this speaker's
        if not self.replies or self.replies[-1].speaker != speaker:
            self.replies.append(SpokenReply(speaker))
            if self.steps or len(self.replies) > 1:
                self._log.append(("reply", len(self.replies) - 1))
        return self.replies[-1]

    def _open_reply(self) -> None:
        """With tool steps the reply gets its own bubble after the plan; a talk-only turn uses the lead."""
        if self.steps and not self.replies:
            self.replies.append(SpokenReply(None))
            self._log.append(("reply", 0))

    def _sync(self) -> None:
        """``reply``/``reply_final``: the newest reply (what one persona said this turn)."""
        self.reply, self.reply_final = self.replies[-1].text, self.replies[-1].final

    def _said(self, reply: SpokenReply) -> str:
        if len({r.speaker for r in self.replies}) > 1 and reply.speaker:
            return f"**{self.names.get(reply.speaker, reply.speaker)}:** {reply.text}"
        return reply.text

    def _on_audio(self, event: Event) -> None:
        """Every spoken sentence comes as its own WAV; the chat plays the turn's speech as one
        clip, joined again whenever a message's last sentence is in (or the turn ends)."""
        if event.artifact is not None:
            self._spoken_parts.append(str(event.artifact.get("path", "")))
            if event.data.get("final", True):
                self._show_spoken(str(event.artifact.get("id", "")))

    def _show_spoken(self, artifact_id: str) -> None:
        parts = self._spoken_parts
        try:
            path = parts[0] if len(parts) == 1 else str(join_wavs([Path(p) for p in parts]))
        except (OSError, ValueError, EOFError, wave.Error):  # e.g. two voices at two rates: the newest clip
            path = parts[-1]
        spoken = self._media_hook(Media("audio", path, autoplay=True, artifact_id=artifact_id))
        shown = ("media", self.spoken)
        if self.spoken is not None and shown in self._log:  # one audio bubble per turn, edited in place
            self._log[self._log.index(shown)] = ("media", spoken)
        else:
            self._log.append(("media", spoken))
        self.spoken, self._spoken_shown = spoken, len(parts)

    def _on_warning(self, event: Event) -> None:
        if event.message:
            self.notes.append(event.message)
            self._log.append(("text", text("warning", self.language, text=event.message)))

    def _on_moderation(self, event: Event) -> None:
        if event.message:  # a notice for the plan panel; the persona's own words are the reply
            self.notes.append(event.message)
            self.moderation.append(event.message)

    def _on_error(self, event: Event) -> None:
        message = event.error.message if event.error else (event.message or "error")
        if event.step_id:
            state = self._step(event)
            state.status, state.duration_s, state.note = "failed", event.duration_s, message
        else:
            self.errors.append(message)
            self._log.append(("text", f"❌ {message}"))
            if not self.planned:
                self.stopped = self.stopped or "error"

    def _on_turn_done(self, event: Event) -> None:
        if len(self._spoken_parts) > self._spoken_shown:  # a message whose speech broke off before its end
            self._show_spoken(self.spoken.artifact_id if self.spoken else "")
        self.done = True
        self.status = str(event.data.get("status", "ok"))
        if not self.planned and event.data.get("moderated"):
            self.stopped = str(event.data["moderated"])

    # -- reading -----------------------------------------------------------------------------
    def plan_markdown(self) -> str:
        """The plan and each step's live progress, as Markdown; moderation notices below it. A turn
        that ended before any plan says why (moderation stopped it, an error) instead of "Planning…"."""
        lang = self.language
        notices = "".join(f"\n\n🛡️ {text('moderation_note', lang, text=note)}" for note in self.moderation)
        if not self.planned and self.done:
            why = "plan_moderated" if self.stopped not in (None, "error") else "plan_stopped"
            return f"**{text('plan_title', lang)}** — {text(why, lang)}{notices}"
        if not self.planned:
            return f"**{text('plan_title', lang)}** — {text('thinking', lang)}{notices}"
        if not self.steps:
            return f"**{text('plan_title', lang)}** — {text('plan_talk', lang)}{notices}"
        lines = [f"**{text('plan_title', lang)}**", ""]
        for state in self.steps.values():
            icon = {"waiting": "⏸️", "running": "⏳", "done": "✅", "failed": "❌"}[state.status]
            bar = _bar(state.progress)
            took = f" · {state.duration_s:.1f} s" if state.duration_s is not None else ""
            note = f" — {state.note}" if state.note else ""
            label = text(f"step_{state.status}", lang)
            summary = f" “{state.summary}”" if state.summary else ""
            lines.append(f"- {icon} `{state.step_id}` **{state.tool}**{summary} `{bar}` {label}{took}{note}")
        return "\n".join(lines) + notices

    def items(self) -> list[ChatItem]:
        """The assistant bubbles of this turn: a lead bubble (the plan with live progress, or for
        a talk-only turn the reply itself), the reply, then results and warnings as they came."""
        lang = self.language
        if self.steps:
            out = [ChatItem("assistant", text=self.plan_markdown(), title=f"🛠️ {text('plan_title', lang)}",
                            status="done" if self.done else "pending")]
        elif self.replies and self.replies[0].text:
            out = [ChatItem("assistant", text=self._said(self.replies[0]))]
        else:
            out = [ChatItem("assistant", text="…" if self.done else f"_{text('thinking', lang)}_")]
        for kind, value in self._log:
            if kind == "media":
                out.append(ChatItem("assistant", media=value))
            elif kind == "reply":
                reply = self.replies[value]
                out.append(ChatItem("assistant", text=self._said(reply) if reply.text else
                                    ("…" if self.done else f"_{text('working', lang)}_")))
            else:
                out.append(ChatItem("assistant", text=value))
        return out


def join_wavs(paths: list[Path]) -> Path:
    """One WAV of the clips in ``paths`` (same rate and format, as one voice writes them), written
    beside the first; a player then plays a whole spoken turn instead of its last sentence."""
    target = paths[0].with_name(paths[0].stem + "-turn.wav")
    with wave.open(str(target), "wb") as out:
        for index, path in enumerate(paths):
            with wave.open(str(path), "rb") as clip:
                if index == 0:
                    out.setparams(clip.getparams())
                elif clip.getparams()[:3] != out.getparams()[:3]:  # channels, width, rate
                    raise ValueError(f"{path.name} is not in the format of {paths[0].name}")
                out.writeframes(clip.readframes(clip.getnframes()))
    return target


def _bar(fraction: float, width: int = 10) -> str:
    filled = int(round(max(0.0, min(1.0, fraction)) * width))
    return "█" * filled + "░" * (width - filled) + f" {fraction:4.0%}"


def _summary(args: dict[str, Any]) -> str:
    for key in ("prompt", "text", "script"):
        value = args.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:80]
    return ""
