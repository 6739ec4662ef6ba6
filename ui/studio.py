"""The Gradio studio: multimodal chat, live plan and progress, personas, memory and settings.

``build_blocks(backend)`` makes the ``gr.Blocks`` app; ``build_server`` mounts it in a
FastAPI app behind the file guard (ui/files.py); ``serve`` runs it with uvicorn. The
handlers only turn Events into components (ui/render.py): planning, tools, memory and
moderation all happen behind ``StudioBackend``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable

from agent.config import tool_names
from agent.durable import LRU
from agent.errors import AtelierError, InputError
from agent.store import check_id
from agent.types import Event
from agent.uploads import format_for_name, suffixes
from ui.backend import StudioBackend, new_session_id
from ui.i18n import LANGUAGES, lang_of, text
from ui.render import ChatItem, Media, TurnView
from ui.speech_queue import SPEECH_QUEUE_JS, ReplyClips, speech_component
from ui.uploads import UploadRejected, check_card_upload, classify, server_max_file_size

if TYPE_CHECKING:
    import gradio as gr
    from fastapi import FastAPI

log = logging.getLogger(__name__)
DEFAULT_USER = "local"
YIELD_INTERVAL_S = 0.15  # progress redraws at most this often (kind changes always redraw)
BACKEND_CHOICES = ("profile", "embedded", "neural")
CSS = """
#status {min-height: 1.5em}
#plan {font-size: 0.92em}
footer {display: none !important}
"""
# Hands-free in the page: the toggle starts and stops the streaming microphone's recorder (Gradio's
# own record/stop buttons). A barge-in stops the sentence queue (ui/speech_queue.py), clears the
# reply player and pauses any other audio element of the page.
HANDS_FREE_OFF_JS = """(on, ...rest) => {
  if (!on) document.querySelector('#handsfree-mic .stop-button')?.click();
  return [on, ...rest];
}"""
HANDS_FREE_ON_JS = """(on) => {
  if (!on) return [on];
  let tries = 0;
  const start = () => {
    const button = document.querySelector('#handsfree-mic .record-button');
    // a record button clicked as soon as it is drawn sometimes records without streaming: let it settle
    if (button) setTimeout(() => button.click(), 500); else if (tries++ < 50) setTimeout(start, 100);
  };
  start();
  return [on];
}"""
STOP_PLAYING_JS = """(count) => {
  window.atelierSpeech?.stop();
  document.querySelectorAll('audio').forEach((player) => player.pause());  // the server also clears the player
  window.atelierHandsFree = {stopped: count};  // what the browser test reads
  return [count];
}"""


@dataclass
class ChatState:
    """One browser conversation: its session id (artifact folder) and what the chat shows."""

    session_id: str = field(default_factory=new_session_id)
    items: list[ChatItem] = field(default_factory=list)
    latest_model: str | None = None  # the newest 3D model, also shown in the large side viewer
    speech: ReplyClips = field(default_factory=ReplyClips)  # the newest turn's spoken sentences


def _prepare_gradio_env(data_dir: Path) -> None:
    """Offline and contained: no analytics calls; Gradio's copies live under the data dir."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("GRADIO_TEMP_DIR", str(Path(data_dir).resolve() / "ui-cache"))
    os.environ.setdefault("GRADIO_SSR_MODE", "False")


# -- rendering ------------------------------------------------------------------------------------
def _component(media: Media, language: str) -> Any:
    import gradio as gr

    label = media.caption or None
    if media.kind == "image":
        return gr.Image(value=media.path, label=label, show_label=bool(label), type="filepath")
    if media.kind == "model3d":  # a file message: the chat shows .glb/.gltf/.obj files in its 3D viewer
        return {"path": media.path, "alt_text": label or "3D"}
    if media.kind == "video":
        return gr.Video(value=media.path, label=label, show_label=bool(label))
    if media.kind == "audio":
        return gr.Audio(value=media.path, label=label or text("voice_reply", language), autoplay=media.autoplay,
                        type="filepath")
    return gr.File(value=media.path, label=Path(media.path).name)


def to_messages(items: list[ChatItem], language: str, *, autoplay: bool = True) -> list[dict[str, Any]]:
    """ChatItems as Gradio chat messages (``{"role", "content", "metadata"}``). ``autoplay=False``:
    no audio in the chat plays by itself (hands-free plays the reply in one player it can stop)."""
    messages: list[dict[str, Any]] = []
    for item in items:
        media = item.media if item.media is None or autoplay else replace(item.media, autoplay=False)
        content: Any = _component(media, language) if media is not None else (item.text or "")
        message: dict[str, Any] = {"role": item.role, "content": content}
        if item.title:
            message["metadata"] = {"title": item.title, "status": item.status or "done"}
        messages.append(message)
    return messages


_messages = to_messages  # ChatHandler.run's own ``to_messages`` adds its autoplay choice


def _user_media(path: str) -> Media:
    fmt = format_for_name(path)
    return Media(fmt.kind if fmt is not None else "file", path)


# -- the chat turn -----------------------------------------------------------------------------
class ChatHandler:
    """The chat and voice handlers, bound to one backend."""

    def __init__(self, *, backend: StudioBackend) -> None:
        self.backend = backend
        self._copies: LRU[tuple[str, int, int], str] = LRU(maxsize=4096)  # bounded over any uptime

    def _cached(self, media: Media) -> Media:
        """The same media, pointing at Gradio's copy of the file, made once.

        Gradio copies (and hashes) every file of a chat value on every redraw unless the path
        is already in its cache; a turn redraws many times and the history keeps every file.
        """
        from gradio import processing_utils
        from gradio.utils import get_upload_folder

        try:
            stat = os.stat(media.path)
        except OSError:
            return media
        key = (media.path, stat.st_mtime_ns, stat.st_size)
        if key not in self._copies:
            self._copies[key] = processing_utils.save_file_to_cache(media.path, cache_dir=get_upload_folder())
        return replace(media, path=self._copies[key])

    async def run(self, message: dict[str, Any] | None, state: ChatState | None, persona: str | None, speak: bool,
                  user: str, profile: str, backends: dict[str, str], language: str,
                  *, voice: bool = False, scene: list[str] | None = None, interrupted: str | None = None,
                  autoplay: bool = True, on_event: Callable[[Event], None] | None = None,
                  ) -> AsyncIterator[tuple[list[dict[str, Any]], str, str | None, ChatState]]:
        """Yields (chat messages, plan markdown, spoken reply path, state) as the turn goes.
        ``scene``: 2-4 persona ids talking together (agent/scene.py) instead of ``persona``;
        ``interrupted``: what the user heard of the reply they spoke over (hands-free barge-in);
        ``autoplay=False``: the chat's audio does not play by itself; ``on_event`` sees each Event."""
        language = lang_of(language)

        def to_messages(shown: list[ChatItem], language: str) -> list[dict[str, Any]]:
            return _messages(shown, language, autoplay=autoplay)

        state = state if isinstance(state, ChatState) else ChatState()
        state.speech = ReplyClips()  # a new turn: the page's sentence queue drops what the last one said
        items = state.items
        typed = str((message or {}).get("text") or "")
        files = [_path_of(f) for f in (message or {}).get("files") or []]
        if typed.strip():
            items.append(ChatItem("user", text=typed))
        uploads, refused = [], None
        for path in files:
            try:
                uploads.append(classify(path, limits=self.backend.settings.limits, language=language))
                items.append(ChatItem("user", media=self._cached(_user_media(path))))
            except UploadRejected as exc:  # shown by name only: a bad file is never rendered
                items.append(ChatItem("user", text=text("attached", language, name=Path(path).name)))
                refused = refused or exc
        plan_md = text("plan_idle", language)

        def say(line: str) -> tuple[list[dict[str, Any]], str, str | None, ChatState]:
            items.append(ChatItem("assistant", text=line))
            return to_messages(items, language), plan_md, None, state

        if refused is not None:
            yield say(f"❌ {refused.message}")
            return
        yield to_messages(items, language), plan_md, None, state
        try:
            user = check_id((user or DEFAULT_USER).strip(), "user id")
            if not typed.strip() and not uploads:
                yield say(text("err_empty", language))
                return
            if not self.backend.ready:
                items.append(ChatItem("assistant", text=text("status_loading", language)))
                yield to_messages(items, language), plan_md, None, state
                await self.backend.base()
                items.pop()
            orchestrator = await self.backend.orchestrator(profile=profile, backends=backends)
            store = orchestrator.store_for(_request_stub(state.session_id, user))
            attachments, recording = [], None
            for upload in uploads:
                if upload.kind == "image":
                    artifact = store.add(upload.path, kind="image", meta={"source": "upload", "name": upload.name})
                    attachments.append(artifact.id)
                elif recording is None:  # the first recording is what the user said: the turn transcribes it
                    recording = store.add(upload.path, kind="audio", meta={"source": "microphone"}).id
                    voice = True
                else:  # more recordings are inputs of the plan, like images
                    attachments.append(store.add(upload.path, kind="audio", meta={"source": "upload"}).id)
            if not typed.strip() and recording is None:
                yield say(text("err_empty", language))
                return
            listening = recording is not None
            if listening:
                items.append(ChatItem("assistant", text=f"_{text('transcribing', language)}_"))
                yield to_messages(items, language), plan_md, None, state
            view = TurnView(language=language, media_hook=self._cached, names=self.backend.persona_names())
            last_yield, last_kind = 0.0, ""
            async for event in self.backend.turn(text=typed.strip(), session_id=state.session_id, user_id=user,
                                                 persona=persona or None, attachments=attachments, audio=recording,
                                                 speak=bool(speak or voice), profile=profile, backends=backends,
                                                 scene=scene, interrupted=interrupted):
                if on_event is not None:
                    on_event(event)
                if listening:  # the recording was heard (a transcript) or refused (an error): the note goes
                    items.pop()
                    listening = False
                if event.kind == "transcript":
                    items.append(ChatItem("user", text=text("heard", language, text=event.message or "")))
                elif event.kind == "audio" and event.artifact is not None and event.artifact.get("path"):
                    state.speech.paths.append(str(event.artifact["path"]))  # to the page's queue at this yield
                view.apply(event)
                if event.kind == "artifact":
                    models = [m.path for m in view.media if m.kind == "model3d"]
                    state.latest_model = models[-1] if models else state.latest_model
                now = time.perf_counter()
                if event.kind != last_kind or event.kind not in ("progress", "message_delta") \
                        or now - last_yield >= YIELD_INTERVAL_S:
                    last_yield, last_kind = now, event.kind
                    yield (to_messages(items + view.items(), language), view.plan_markdown(),
                           view.spoken.path if view.spoken else None, state)
            items.extend(view.items())
            yield to_messages(items, language), view.plan_markdown(), view.spoken.path if view.spoken else None, state
        except UploadRejected as exc:
            yield say(f"❌ {exc.message}")
        except AtelierError as exc:
            yield say(f"❌ {exc.message}")
        except Exception as exc:  # the session must survive anything a turn throws
            log.exception("turn failed")
            yield say(text("err_turn", language, why=f"{type(exc).__name__}: {exc}"))


def _path_of(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("path") or item.get("name") or "")
    return str(getattr(item, "path", item))


def _request_stub(session_id: str, user_id: str):
    from agent.types import Request

    return Request(text="-", session_id=session_id, user_id=user_id)


# -- the Blocks app ------------------------------------------------------------------------------
def build_blocks(backend: StudioBackend, *, language: str = "en", sign_in: bool = False) -> "gr.Blocks":
    """The studio page. ``language``: the initial interface language ("en" or "ko"). With
    ``sign_in``, every handler acts for the signed-in user (ui/login.py); the user box only shows it."""
    _prepare_gradio_env(backend.settings.data_dir)
    import gradio as gr

    def with_request(handler):
        # Gradio passes the request (and its signed-in user) to a parameter typed gr.Request; this
        # module's annotations are strings Gradio cannot resolve, so the type is set here.
        handler.__annotations__ = {**handler.__annotations__, "request": gr.Request}
        return handler

    def who(typed: str | None, request: Any) -> str:
        """The user a request acts for: the signed-in one, or (on an open, local studio) the typed one."""
        if sign_in:
            name = getattr(request, "username", None)
            if not name:
                raise InputError("sign in first")
            return check_id(name, "user id")
        return check_id((typed or DEFAULT_USER).strip(), "user id")

    lang = lang_of(language)
    handler = ChatHandler(backend=backend)
    tools = list(tool_names())
    turns_at_once = backend.settings.limits.turns_at_once  # heavy tools have their own slots (ui/limits.py)

    with gr.Blocks(title=text("title", lang), fill_height=True) as demo:
        state = gr.State(None)
        lang_state = gr.State(lang)
        heading = gr.Markdown(f"## {text('title', lang)}\n{text('subtitle', lang)}", elem_id="heading")
        status = gr.Markdown(text("status_ready" if backend.ready else "status_loading", lang), elem_id="status")
        timer = gr.Timer(0.5, active=not backend.ready)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label=text("chat", lang), elem_id="chat", height=600, layout="bubble",
                                     feedback_options=None, group_consecutive_messages=False)
                box = gr.MultimodalTextbox(placeholder=text("input_placeholder", lang), elem_id="message",
                                           sources=["upload", "microphone"], file_count="multiple",
                                           show_label=False, autofocus=True)  # types: ui/uploads.py explains
                with gr.Row():
                    clear = gr.Button(text("clear", lang), size="sm", variant="secondary", elem_id="clear")
                # the whole spoken reply, to replay; it plays live sentence by sentence (speech_out)
                voice_out = gr.Audio(label=text("voice_reply", lang), autoplay=False, interactive=False,
                                     type="filepath", elem_id="voice-out")
                speech_out = speech_component()  # the page's sentence queue (ui/speech_queue.py)
            with gr.Column(scale=2):
                with gr.Tabs():
                    with gr.Tab(text("plan_tab", lang), id="plan") as plan_tab:
                        plan_md = gr.Markdown(text("plan_idle", lang), elem_id="plan")
                        viewer = gr.Model3D(label=text("latest_model", lang), elem_id="viewer3d", height=340,
                                            clear_color=(0.93, 0.93, 0.95, 1.0), interactive=False)
                    with gr.Tab(text("voice_tab", lang), id="voice") as voice_tab:
                        mic = gr.Audio(sources=["microphone"], type="filepath", format=None,
                                       label=text("voice_label", lang), elem_id="mic")
                        speak = gr.Checkbox(value=False, label=text("speak_replies", lang), elem_id="speak")
                        hands_free = gr.Checkbox(value=False, label=text("handsfree", lang), elem_id="handsfree")
                        live_mic = gr.Audio(sources=["microphone"], streaming=True, type="numpy", visible=False,
                                            label=text("handsfree_mic", lang), elem_id="handsfree-mic")
                        heard_md = gr.Markdown("", elem_id="heard")
                        barge = gr.Number(value=0, visible=False, elem_id="barge")  # changes: stop the reply
                    with gr.Tab(text("persona_tab", lang), id="persona") as persona_tab:
                        persona = gr.Dropdown(choices=[(text("persona_none", lang), ""), *backend.personas()],
                                              value="", label=text("persona", lang), elem_id="persona",
                                              allow_custom_value=True)
                        cast = gr.Dropdown(choices=backend.personas(), value=[], multiselect=True, max_choices=4,
                                           label=text("scene", lang), info=text("scene_note", lang),
                                           elem_id="scene")
                        card_file = gr.File(label=text("persona_upload", lang), file_types=list(suffixes("card")),
                                            file_count="single", elem_id="card-upload")
                        card_md = gr.Markdown("", elem_id="card")
                    with gr.Tab(text("memory_tab", lang), id="memory") as memory_tab:
                        mem_intro = gr.Markdown(text("memory_intro", lang, user=DEFAULT_USER))
                        mem_pick = gr.CheckboxGroup(choices=[], label=text("memory_tab", lang), elem_id="memories")
                        with gr.Row():
                            mem_refresh = gr.Button(text("memory_refresh", lang), size="sm")
                            mem_delete = gr.Button(text("memory_delete", lang), size="sm", variant="stop")
                        with gr.Row():
                            mem_forget = gr.Button(text("memory_forget", lang), size="sm", variant="stop")
                            mem_export = gr.Button(text("memory_export", lang), size="sm")
                        mem_file = gr.File(label="JSON", interactive=False, visible=False)
                        mem_status = gr.Markdown("")
                    with gr.Tab(text("settings_tab", lang), id="settings") as settings_tab:
                        ui_lang = gr.Radio(choices=[(name, code) for code, name in LANGUAGES.items()], value=lang,
                                           label=text("interface_language", lang), elem_id="ui-lang")
                        user = gr.Textbox(value=DEFAULT_USER, label=text("user_id", lang), elem_id="user", max_lines=1,
                                          interactive=not sign_in)  # signed in: who you are, not a choice
                        profile = gr.Radio(choices=["embedded", "neural"], value=backend.settings.profile,
                                           label=text("profile", lang), elem_id="profile")
                        backend_boxes = [gr.Dropdown(choices=list(BACKEND_CHOICES),
                                                     value=backend.settings.backends.get(tool, "profile"),
                                                     label=text("backend_for", lang, tool=tool), min_width=120)
                                         for tool in tools]
                        apply = gr.Button(text("apply", lang), size="sm")
                        settings_md = gr.Markdown("")

        # -- handlers ------------------------------------------------------------------------
        def _acting(typed: str | None, request: Any) -> str:
            """The user of a chat turn; a bad typed id reaches the turn, which says what is wrong."""
            if sign_in:
                return who(typed, request)
            return (typed or DEFAULT_USER).strip()

        def backends_of(values: tuple[Any, ...]) -> dict[str, str]:
            return {tool: value for tool, value in zip(tools, values) if value in ("embedded", "neural")}

        @with_request
        async def on_submit(message, chat_state, persona_id, scene_ids, speak_on, user_id, profile_name, request,
                            *rest):
            *choices, language = rest
            async for messages, plan_text, spoken, chat_state in handler.run(
                    message, chat_state, persona_id, speak_on, _acting(user_id, request), profile_name,
                    backends_of(tuple(choices)), language, scene=list(scene_ids or []), autoplay=False):
                yield (messages, gr.MultimodalTextbox(value=None), plan_text, spoken, chat_state,
                       chat_state.latest_model or gr.update(), chat_state.speech.page_value())

        @with_request
        async def on_voice(recording, chat_state, persona_id, scene_ids, user_id, profile_name, request, *rest):
            *choices, language = rest
            if not recording:
                return
            async for messages, plan_text, spoken, chat_state in handler.run(
                    {"text": "", "files": [recording]}, chat_state, persona_id, True, _acting(user_id, request),
                    profile_name, backends_of(tuple(choices)), language, voice=True, scene=list(scene_ids or []),
                    autoplay=False):
                yield (messages, None, plan_text, spoken, chat_state, chat_state.latest_model or gr.update(),
                       chat_state.speech.page_value())

        common = [state, persona, cast]
        settings_inputs = [user, profile, *backend_boxes, lang_state]
        # speech_out is left out of the API (skip_api): /chat and /voice return what they always did
        box.submit(on_submit, [box, *common, speak, *settings_inputs],
                   [chatbot, box, plan_md, voice_out, state, viewer, speech_out],
                   concurrency_limit=turns_at_once, concurrency_id="turns", api_name="chat")
        mic.stop_recording(on_voice, [mic, *common, *settings_inputs],
                           [chatbot, mic, plan_md, voice_out, state, viewer, speech_out],
                           concurrency_limit=turns_at_once, concurrency_id="turns", api_name="voice")
        speech_out.change(None, [speech_out], None, js=SPEECH_QUEUE_JS, api_name=False)

        # hands-free: the streaming microphone feeds the WebSocket's listener (ui/handsfree.py)
        lives: LRU[str, Any] = LRU(maxsize=64)  # session id -> LiveVoice, while hands-free is on
        turn_slots: list[Any] = []  # one asyncio.Semaphore(turns_at_once), made inside the event loop

        @with_request
        async def on_stream(chunk, chat_state, persona_id, scene_ids, user_id, profile_name, request, *rest):
            *choices, language = rest
            chat_state = chat_state if isinstance(chat_state, ChatState) else ChatState()
            skip = gr.skip()
            if not chunk:
                return skip, skip, skip, skip, chat_state, skip, skip, skip
            try:
                context = {"persona": persona_id, "scene": list(scene_ids or []), "user": who(user_id, request),
                           "profile": profile_name, "backends": backends_of(tuple(choices)), "language": language}
                live = lives.get(chat_state.session_id)
                if live is None:
                    live = lives[chat_state.session_id] = await _live_voice(chat_state, context)
                live.context.update(context)  # the settings of the latest chunk apply to the next turn
                redraw = await live.feed(*chunk)
            except AtelierError as exc:
                return skip, f"❌ {exc.message}", skip, skip, chat_state, skip, skip, skip
            heard = skip if redraw.heard is None else (
                text("hearing", language, text=redraw.heard) if redraw.heard else text("handsfree_listening", language))
            spoken = None if redraw.stop else (redraw.spoken or skip)
            return (skip if redraw.messages is None else redraw.messages, heard, spoken,
                    skip if redraw.plan is None else redraw.plan, chat_state,
                    live.barge_ins if redraw.stop else skip,
                    (chat_state.latest_model or skip) if redraw.messages is not None else skip,
                    skip if redraw.speech is None else redraw.speech)

        async def _live_voice(chat_state: ChatState, context: dict[str, Any]) -> Any:
            from ui.handsfree import LiveVoice, recognizer_of

            orchestrator = await backend.orchestrator(profile=context["profile"], backends=context["backends"])
            if not turn_slots:
                turn_slots.append(asyncio.Semaphore(turns_at_once))

            async def run_turn(path: str, interrupted: str | None, reply: Any):
                def heard(event: Event) -> None:
                    if event.kind == "audio":
                        reply.add(float(event.data.get("duration_s", 0.0)), str(event.data.get("text", "")))

                ctx = live.context
                async for messages, plan_text, spoken, turn_state in handler.run(
                        {"text": "", "files": [path]}, chat_state, ctx["persona"], True, ctx["user"], ctx["profile"],
                        ctx["backends"], ctx["language"], voice=True, scene=ctx["scene"], interrupted=interrupted,
                        autoplay=False, on_event=heard):
                    yield messages, plan_text, spoken, list(turn_state.speech.paths)

            live = LiveVoice(recognizer=recognizer_of(orchestrator), settings=orchestrator.settings,
                             language=None, run_turn=run_turn, turns=turn_slots[0],
                             utterance_dir=Path(backend.settings.data_dir) / "ui-cache" / "hands-free")
            live.context = dict(context)
            return live

        async def on_hands_free(on, chat_state, language):
            chat_state = chat_state if isinstance(chat_state, ChatState) else ChatState()
            if not on:
                live = lives.pop(chat_state.session_id, None)
                if live is not None:
                    await live.close()
            return (gr.Audio(visible=bool(on)), text("handsfree_listening", language) if on else "",
                    chat_state)

        live_mic.stream(on_stream, [live_mic, *common, *settings_inputs],
                        [chatbot, heard_md, voice_out, plan_md, state, barge, viewer, speech_out], stream_every=0.25,
                        time_limit=None, concurrency_limit=None, concurrency_id="hands-free", show_progress="hidden",
                        api_name=False)
        hands_free.change(on_hands_free, [hands_free, state, lang_state], [live_mic, heard_md, state],
                          js=HANDS_FREE_OFF_JS, api_name=False).then(None, [hands_free], None, js=HANDS_FREE_ON_JS)
        barge.change(None, [barge], None, js=STOP_PLAYING_JS)

        def on_clear(chat_state):
            fresh = ChatState()
            return [], fresh, None, None, fresh.speech.page_value()  # a new turn id: the queue stops

        clear.click(on_clear, [state], [chatbot, state, voice_out, viewer, speech_out], api_name="clear")

        def on_tick(language):
            if backend.error:
                return text("status_failed", language, error=backend.error), gr.Timer(active=False), gr.update()
            if backend.ready:
                return (text("status_ready", language), gr.Timer(active=False),
                        gr.Dropdown(choices=persona_choices(language)))
            return text("status_loading", language), gr.Timer(active=True), gr.update()

        timer.tick(on_tick, [lang_state], [status, timer, persona], show_progress="hidden", api_name=False)

        def persona_choices(language: str) -> list[tuple[str, str]]:
            return [(text("persona_none", language), ""), *backend.personas()]

        @with_request
        def on_load(chat_state, language, request=None):
            chat_state = chat_state if isinstance(chat_state, ChatState) else ChatState()
            shown = getattr(request, "username", None) if sign_in else None
            return chat_state, gr.Dropdown(choices=persona_choices(language)), shown or gr.update()

        demo.load(on_load, [state, lang_state], [state, persona, user], api_name=False)

        def on_persona(persona_id, chat_state, language):
            if not persona_id:
                if isinstance(chat_state, ChatState):
                    backend.clear_session_persona(chat_state.session_id)
                return ""
            try:
                return _card_markdown(backend.persona(persona_id))
            except AtelierError as exc:
                return f"❌ {text('err_card', language, why=exc.message)}"

        persona.change(on_persona, [persona, state, lang_state], [card_md], api_name="pick_persona")

        def on_card(path, language):
            if not path:
                return gr.update(), gr.update(), None
            try:
                card = backend.add_persona(check_card_upload(_path_of(path), limits=backend.settings.limits,
                                                                language=language))
            except AtelierError as exc:
                return gr.update(), f"❌ {text('err_card', language, why=exc.message)}", None
            note = text("persona_added", language, name=card.name, id=card.id) + "\n\n" + _card_markdown(card)
            return gr.Dropdown(choices=persona_choices(language), value=card.id), note, None

        card_file.upload(on_card, [card_file, lang_state], [persona, card_md, card_file], api_name="add_persona")

        # memory panel
        def memory_view(user_id: str, language: str, note: str = "", request=None):
            try:
                user_id = who(user_id, request)
            except InputError as exc:
                return gr.update(), gr.CheckboxGroup(choices=[], value=[]), f"❌ {exc.message}"
            intro = text("memory_intro", language, user=user_id)
            if backend.memory is None:
                return intro, gr.CheckboxGroup(choices=[], value=[]), text("memory_off", language)
            records = backend.memories(user_id)
            choices = [(_memory_label(r), r["id"]) for r in records]
            return intro, gr.CheckboxGroup(choices=choices, value=[]), note or (
                "" if records else text("memory_empty", language))

        # Memory is only ever the acting user's: signed in, the user box is ignored (ui/login.py).
        @with_request
        def on_mem_refresh(user_id, language, request=None):
            return memory_view(user_id, language, request=request)

        @with_request
        def on_mem_delete(user_id, chosen, language, request=None):
            count = backend.delete_memories(who(user_id, request), list(chosen or []))
            return memory_view(user_id, language, text("memory_deleted", language, count=count), request=request)

        @with_request
        def on_mem_forget(user_id, language, request=None):
            counts = backend.forget(who(user_id, request))
            return memory_view(user_id, language, text("memory_forgotten", language, memories=counts.get("memories", 0),
                                                           assets=counts.get("assets", 0)), request=request)

        @with_request
        def on_mem_export(user_id, language, request=None):
            path = backend.export(who(user_id, request))
            if path is None:
                return gr.File(visible=False), text("memory_off", language)
            return gr.File(value=str(path), visible=True), ""

        mem_outputs = [mem_intro, mem_pick, mem_status]
        mem_refresh.click(on_mem_refresh, [user, lang_state], mem_outputs, api_name="memories")
        memory_tab.select(on_mem_refresh, [user, lang_state], mem_outputs, api_name=False)
        mem_delete.click(on_mem_delete, [user, mem_pick, lang_state], mem_outputs, api_name="delete_memories")
        mem_forget.click(on_mem_forget, [user, lang_state], mem_outputs, api_name="forget")
        mem_export.click(on_mem_export, [user, lang_state], [mem_file, mem_status], api_name="export_memories")

        @with_request
        async def on_apply(user_id, profile_name, request, *rest):
            *choices, language = rest
            try:
                who(user_id, request)
                chosen = backends_of(tuple(choices))
                await backend.orchestrator(profile=profile_name, backends=chosen)
            except AtelierError as exc:
                return f"❌ {exc.message}"
            overrides = "".join(f", {tool} → {value}" for tool, value in chosen.items())
            return text("settings_applied", language, profile=profile_name, overrides=overrides)

        apply.click(on_apply, settings_inputs, [settings_md], api_name="apply_settings")

        # interface language
        def on_language(language):
            language = lang_of(language)
            updates = [
                language,
                f"## {text('title', language)}\n{text('subtitle', language)}",
                text("status_ready" if backend.ready else "status_loading", language),
                gr.Chatbot(label=text("chat", language)),
                gr.MultimodalTextbox(placeholder=text("input_placeholder", language)),
                gr.Button(value=text("clear", language)),
                gr.Audio(label=text("voice_reply", language)),
                gr.Tab(label=text("plan_tab", language)),
                gr.Tab(label=text("voice_tab", language)),
                gr.Audio(label=text("voice_label", language)),
                gr.Checkbox(label=text("speak_replies", language)),
                gr.Checkbox(label=text("handsfree", language)),
                gr.Tab(label=text("persona_tab", language)),
                gr.Dropdown(label=text("persona", language), choices=persona_choices(language)),
                gr.Dropdown(label=text("scene", language), info=text("scene_note", language)),
                gr.File(label=text("persona_upload", language)),
                gr.Tab(label=text("memory_tab", language)),
                gr.Button(value=text("memory_refresh", language)),
                gr.Button(value=text("memory_delete", language)),
                gr.Button(value=text("memory_forget", language)),
                gr.Button(value=text("memory_export", language)),
                gr.Tab(label=text("settings_tab", language)),
                gr.Radio(label=text("interface_language", language)),
                gr.Textbox(label=text("user_id", language)),
                gr.Radio(label=text("profile", language)),
                gr.Button(value=text("apply", language)),
                *[gr.Dropdown(label=text("backend_for", language, tool=tool)) for tool in tools],
            ]
            return updates

        ui_lang.change(on_language, [ui_lang], [
            lang_state, heading, status, chatbot, box, clear, voice_out, plan_tab, voice_tab, mic, speak, hands_free,
            persona_tab, persona, cast, card_file, memory_tab, mem_refresh, mem_delete, mem_forget, mem_export,
            settings_tab, ui_lang, user, profile, apply, *backend_boxes], api_name="set_language")
        del plan_tab, settings_tab, voice_tab, persona_tab
    demo.queue(default_concurrency_limit=2, max_size=64)
    return demo


def _card_markdown(card) -> str:
    if card is None:
        return ""
    traits = ", ".join(card.traits)
    lines = [f"**{card.name}**" + (f" — {card.role}" if card.role else "")]
    if card.description:
        lines.append(card.description)
    if traits:
        lines.append(f"_{traits}_")
    if card.greetings:
        lines.append(f"> {card.greetings[0]}")
    return "\n\n".join(lines)


def _memory_label(record: dict[str, Any]) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(float(record.get("created_at", 0.0))))
    who = record.get("speaker", "")
    persona = record.get("persona") or "-"
    body = str(record.get("text", "")).replace("\n", " ")
    if len(body) > 120:
        body = body[:117] + "…"
    return f"[{when} · {persona} · {who}] {body}"


# -- serving ----------------------------------------------------------------------------------------
def build_server(backend: StudioBackend, *, language: str = "en",
                 host: str = "127.0.0.1") -> tuple["FastAPI", Any, "gr.Blocks"]:
    """A FastAPI app with the studio mounted at ``/`` behind its front door (ui/access.py: headers,
    host and origin checks, the sign-in ``[ui] login`` asks for on ``host``) and file guard (ui/files.py).

    Returns ``(fastapi_app, asgi_app, blocks)``; serve ``asgi_app`` (the guarded one).
    """
    from ui.access import SignedIn, studio_front_door
    from ui.login import StudioLogin

    sign_in = StudioLogin.required(backend.settings, host)
    login = StudioLogin(settings=backend.settings) if sign_in else None
    if login is not None:
        login.check_can_sign_in()
    demo = build_blocks(backend, language=language, sign_in=sign_in)
    import gradio as gr
    from fastapi import FastAPI

    from ui.files import ServedFiles, guard_middleware

    data_dir = Path(backend.settings.data_dir).resolve()
    sessions = data_dir / "sessions"
    served = ServedFiles.for_dirs([sessions, Path(demo.GRADIO_CACHE)])
    blocked = [str(data_dir / name) for name in ("memory", "personas", "audit", "keys", "api")]
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    theme = gr.themes.Default(font=["ui-sans-serif", "system-ui", "sans-serif"],
                              font_mono=["ui-monospace", "monospace"])
    app = gr.mount_gradio_app(app, demo, path="/", allowed_paths=[str(sessions)], blocked_paths=blocked,
                              max_file_size=server_max_file_size(backend.settings.limits), show_error=True, theme=theme, css=CSS,
                              footer_links=[], auth=login.check if login is not None else None,
                              auth_message=text("sign_in", lang_of(language)) if login is not None else None)
    signed_in = SignedIn(_gradio_app_of(app)) if login is not None else None
    guarded = guard_middleware(app, served=served, user_of=signed_in)
    return app, studio_front_door(guarded, host=host, login=login, signed_in=signed_in), demo


def _gradio_app_of(app: "FastAPI") -> Any:
    """The Gradio app ``mount_gradio_app`` mounted (it holds the sign-in tokens)."""
    from gradio.routes import App

    for route in app.routes:
        if isinstance(getattr(route, "app", None), App):
            return route.app
    raise RuntimeError("the Gradio app is not mounted")


@dataclass
class RunningServer:
    """A studio served in a background thread (tests, benchmarks)."""

    url: str
    server: Any
    thread: Any
    backend: StudioBackend
    app: Any = None  # the FastAPI app with the studio mounted (its routes, for tests)

    def close(self) -> None:
        self.server.should_exit = True
        self.server.force_exit = True  # clients hold event streams open; do not wait for them
        self.thread.join(timeout=10)


def serve(backend: StudioBackend, *, host: str = "127.0.0.1", port: int = 7860, language: str = "en",
          block: bool = True) -> RunningServer | None:
    """Run the studio with uvicorn; the backend starts loading once the page is served.
    ``block=False`` returns once the server accepts connections (tests, benchmarks)."""
    import threading

    import uvicorn

    from agent.app.build import check_memory_available

    check_memory_available(backend.settings)  # another process writes this memory: refuse now, naming it
    fastapi_app, asgi, _ = build_server(backend, language=language, host=host)
    _check_port_free(host, port)
    config = uvicorn.Config(asgi, host=host, port=port, log_level="warning", lifespan="on",
                            timeout_graceful_shutdown=3)  # open event streams must not hold up Ctrl-C
    server = uvicorn.Server(config)
    url = f"http://{host}:{port}/"
    if block:
        def announce() -> None:  # models load once the page is served (they would slow its start-up)
            while not server.started and not server.should_exit:
                time.sleep(0.02)
            print(f"Atelier studio: {url}", flush=True)
            backend.start()

        threading.Thread(target=announce, name="atelier-studio-start", daemon=True).start()
        server.run()
        return None
    thread = threading.Thread(target=server.run, name="atelier-studio-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise InputError(f"the studio server did not start on {host}:{port}")
        time.sleep(0.02)
    backend.start()
    return RunningServer(url=url, server=server, thread=thread, backend=backend, app=fastapi_app)


def _check_port_free(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port} ({exc.strerror}); pass another --port "
                             "or stop the program that uses it") from None
