"""The embedded planner: English and Korean requests to typed plans without an LLM.

Pipeline per request (every pattern is precompiled; one encoder call per request):

1. mask quoted text (what to say is never routed or split), detect the language;
2. split into clauses on connectives and self-corrections (``segment``);
3. analyse each clause: lexicon scores, creation cue, subject, talk gates (``routing``);
4. encode the clauses that passed the gates in one batch and compare them with the exemplars;
5. route each clause to a tool or to nothing (``routing.decide``), then in the light of the
   steps planned before it: corrections, edits, elaborations (``discourse``);
6. fill the tool's arguments (``slots``) and its references to earlier steps, uploads or
   earlier turns (``references``);
7. ``check_plan`` (tools exist, DAG, every ``$ref`` well typed) before returning.

Decisions that are not obvious:

- ``transcribe`` needs audio; without a recording in this request, its uploads or the
  session's recent artifacts, the step is left out (an empty plan lets the responder ask
  for a recording instead of running a step that must fail).
- ``speech`` without anything to say is left out for the same reason.
- An empty subject inherits the prompt of the step it refers to ("draw a fox, then make a
  video of it": the video's prompt is "a fox"), or of the stored artifact it refers to.
- A correction replaces, it does not add: "a dragon... actually no, make it a phoenix" is one
  picture of a phoenix; "no wait, just ..." takes back everything before it.
- Reading out a transcript ("transcribe it and read it back") needs the transcript as an
  input: the speech step takes it as a ``$ref`` when the speech tool accepts a text
  artifact, else it is left out with a warning in the returned ``PlannedTurn``.
"""

from __future__ import annotations

import dataclasses
import re

from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from agent.planner.base import PlanContext, PlannedTurn
from agent.planner.learned import FILE_NAME, Observation, PlanShape, ShapeModel, named_files
from agent.planner.reshape import Cues, arbitrate, realize, runnable, step_factory
from agent.encoder import Encoder, HashingEncoder, cached_encode, shared_encoder
from agent.planner.exemplars import exemplar_rows
from agent.text import detect_language
from agent.planner import discourse
from agent.planner.references import (
    PlannedStep, Unresolved, content_words, has_reference_cue, missing_files, resolve, unresolved_note,
    without_reference_words,
)
from agent.planner.routing import ClauseAnalysis, ExemplarIndex, Route, analyse, decide
from agent.planner import lexicon as lx
from agent.planner.stated_counts import plan_stated_counts
from agent.planner.renumber import renumbered
from agent.planner.given_recording import avatar_speaks_the_recording
from agent.planner.segment import MARKER_ONLY, PLACEHOLDER, Clause, MaskedText, SplitCues, mask_quotes, split_clauses
from agent.planner.slots import (
    KO_STYLE_PATTERNS, extract_count, extract_duration, extract_spoken_text, extract_style, extract_subject, is_generic_subject,
    split_enumeration,
    without_marked_style,
)
from agent.planner.validate import check_plan
from agent.registry import installed_specs
from agent.tool import ToolSpec
from agent.types import Artifact, Plan, Request, Step, Words, refs_in

_PROMPT_TOOLS = frozenset({"image", "panorama", "video", "mesh", "motion", "level"})
_WHOLE_CLAUSE_TOOLS = frozenset({"motion", "level"})  # they parse counts and settings from the words themselves
_STYLE_TOOLS = frozenset({"image", "panorama", "video", "mesh"})
_COUNT_TOOLS = frozenset({"image", "mesh"})
_DURATION_TOOLS = frozenset({"video", "motion"})
_TEXT_TOOLS = frozenset({"speech", "avatar"})


class EmbeddedPlanner:
    """Plans from lexicons plus sentence-embedding similarity to exemplars (no LLM).

    ``encoder=None`` plans from the lexicons alone (no model is loaded); ``load()`` builds
    the planner on the product's shared multilingual encoder (``agent.encoder``).
    ``cache_dir`` holds the exemplar embeddings, keyed by the encoder's name (the user cache
    dir by default; the hashing test double is never cached).
    """

    def __init__(self, *, encoder: Encoder | None = None, cache_dir: Path | None = None,
                 shape_model: ShapeModel | None = None) -> None:
        self._encoder = encoder
        self._index: ExemplarIndex | None = None
        self._shape: ShapeModel | None = shape_model
        if encoder is not None:
            labels, texts = exemplar_rows()
            if cache_dir is not None or not isinstance(encoder, HashingEncoder):
                matrix = cached_encode(encoder, texts, cache_dir=cache_dir)
            else:
                matrix = encoder.encode(list(texts))
            self._index = ExemplarIndex(labels, matrix)

    @classmethod
    def load(cls, *, cache_dir: Path | None = None, learned: bool = True,
             weights_dir: Path | None = None) -> "EmbeddedPlanner":
        """The planner on the process's shared encoder (loaded once; exemplars cached on disk), with
        the learned planning stage fitted on the corpus (``learned=False``: the rules alone). The
        stage's weights are read from ``weights_dir`` (the user cache dir by default), or fitted there
        once per corpus, rules and encoder (:func:`agent.planner.fitting.cached_model`)."""
        planner = cls(encoder=shared_encoder(), cache_dir=cache_dir)
        if learned:
            from agent.planner.fitting import cached_model

            planner.use_shape_model(cached_model(planner, cache_dir=weights_dir))
        return planner

    @classmethod
    def for_tests(cls) -> "EmbeddedPlanner":
        """A planner on the deterministic hashing encoder: no model, instant (rules only)."""
        return cls(encoder=HashingEncoder())

    @property
    def specs(self) -> dict[str, ToolSpec]:
        """The specs of every installed tool (what the learned stage has heads for)."""
        return dict(installed_specs())

    @property
    def shape_model(self) -> ShapeModel | None:
        return self._shape

    def use_shape_model(self, model: ShapeModel | None) -> None:
        """Plan with these learned heads (``None``: the rules alone)."""
        self._shape = model

    # ------------------------------------------------------------------ public API

    @property
    def encoder(self) -> Encoder | None:
        """The sentence encoder routing uses (``None``: lexicons only)."""
        return self._encoder

    def warm_up(self) -> None:
        """Load the encoder and run its first (slow) call now rather than in the first request
        that needs an embedding; a no-op for the lexicon-only planner."""
        if self._encoder is not None:
            self._encoder.encode(["warm up"])

    async def plan(self, request: Request, ctx: PlanContext) -> Plan:
        """A checked plan for ``request`` (the work is a few milliseconds of CPU)."""
        return self.plan_sync(request, ctx)

    async def plan_turn(self, request: Request, ctx: PlanContext) -> PlannedTurn:
        """The plan and what the user should know about it (a step that had to be left out)."""
        return self.plan_turn_sync(request, ctx)

    def plan_sync(self, request: Request, ctx: PlanContext) -> Plan:
        """Same as :meth:`plan`, without an event loop (jsonl CLI, bench)."""
        return self.plan_turn_sync(request, ctx).plan

    def plan_turn_sync(self, request: Request, ctx: PlanContext) -> PlannedTurn:
        """Same as :meth:`plan_turn`, without an event loop."""
        masked, language, clauses, analyses = _prepare(request.text)
        whole = [_for_encoder(masked.text)] if self._shape is not None else []
        routes, vectors = self._route(analyses, ctx.tools, extra=whole)
        warnings: list[str] = [
            f"the request names {name}, but no file of that name came with it; attach it (app.py run TEXT --attach "
            f"{name}, or upload it in the studio) and ask again; the rest of the request was planned"
            for name in missing_files(masked.text, ctx.attachments, ctx.recent_artifacts)]
        notes: list[Words] = []
        origins: dict[str, int] = {}
        described: dict[int, list[str]] = {}  # clause index -> the descriptions after it that joined its subject
        steps = self._build_steps(clauses, analyses, routes, masked, language, ctx, warnings, notes, origins,
                                  described)
        if self._shape is not None and not _rules_are_exact(clauses, steps, origins, language):
            observation = Observation(masked, language, len(clauses), tuple(a.kind for a in ctx.attachments),
                                      tuple(steps), tuple(a.talk_reason for a in analyses))
            embedding = vectors[0] if len(vectors) else np.zeros(0, dtype=np.float32)
            shape = self._shape.predict(observation, embedding)
            kept = _asked_for(steps, origins, clauses, analyses, masked, language)
            if shape.is_talk and not kept and not ctx.attachments and not named_files(masked.text):
                steps = []  # rule 1, decided by the talk head over the words and the rules' gates
            else:  # an outright order ("make a video. thanks a lot!") or a file given is never talk
                steps = self._reshape(steps, shape, clauses, analyses, masked, language, ctx, kept, described)
            steps = _subject_before_tour(steps, masked.text, language)
            _wire_fly_through(steps, {}, [Clause(masked.text, "start")], language, ctx)  # a video the heads added
        steps = _slideshow_of_new_pictures(steps, masked.text, language, ctx)
        steps = _from_all_of_them(steps, masked.text, language, ctx)
        steps = _without_parts_taken_back(steps, clauses, language)
        steps = plan_stated_counts(steps, masked.text, language)
        steps = avatar_speaks_the_recording(steps, bool(masked.quotes) or bool(_READS_OUT.search(masked.text)), ctx)
        return PlannedTurn(plan=check_plan(Plan(steps=steps, language=language), ctx.tools),
                           warnings=tuple(warnings), notes=tuple(notes))

    def observe_text(self, text: str, attachments: Sequence[str] = ()) -> Observation:
        """What the learned stage reads of ``text`` (uploads of the given kinds), with the rules' plan
        of it: the features the heads are fitted on (:mod:`agent.planner.fitting`)."""
        uploads = tuple(_stand_in(index, kind) for index, kind in enumerate(attachments, start=1))
        ctx = PlanContext(attachments=uploads)
        masked, language, clauses, analyses = _prepare(text)
        routes, _ = self._route(analyses, ctx.tools)
        steps = self._build_steps(clauses, analyses, routes, masked, language, ctx, [])
        return Observation(masked, language, len(clauses), tuple(attachments), tuple(steps),
                           tuple(a.talk_reason for a in analyses))

    def explain(self, request: Request, ctx: PlanContext | None = None) -> list[dict[str, Any]]:
        """Per clause: its text, link, route and evidence (for debugging a plan)."""
        ctx = ctx or PlanContext()
        masked, language, clauses, analyses = _prepare(request.text)
        routes, _ = self._route(analyses, ctx.tools)
        return [
            {"clause": masked.unmask(c.text), "link": c.link, "correction": c.correction, "subject": a.subject,
             "creation": a.creation,
             "tool": r.tool, "reason": r.reason, "lexical": dict(r.lexical),
             "similarity": {k: round(v, 3) for k, v in r.similarity.items()}}
            for c, a, r in zip(clauses, analyses, routes)
        ]

    # ------------------------------------------------------------------ internals

    def _similarity(self, phrase: str, prompts: Sequence[str]) -> list[float]:
        """Cosine of ``phrase`` to each prompt (cross-language asset references)."""
        vectors = self._encoder.encode([phrase, *prompts])  # type: ignore[union-attr]
        return [float(value) for value in vectors[1:] @ vectors[0]]

    def _route(self, analyses: Sequence[ClauseAnalysis], tools: Mapping[str, ToolSpec],
               extra: Sequence[str] = ()) -> tuple[list[Route], np.ndarray]:
        """Each clause's route, and the vectors of the ``extra`` texts (encoded in the same call)."""
        pending = [i for i, a in enumerate(analyses) if a.needs_embedding]
        similarities: dict[int, dict[str, float]] = {}
        extra_vectors = np.zeros((0, 0), dtype=np.float32)
        if self._encoder is not None and self._index is not None and (pending or extra):
            vectors = self._encoder.encode([*extra, *(_for_encoder(analyses[i].text) for i in pending)])
            extra_vectors = vectors[:len(extra)]
            similarities = dict(zip(pending, self._index.similarities(vectors[len(extra):])))
        allowed = set(tools)
        return [decide(a, similarities.get(i), allowed) for i, a in enumerate(analyses)], extra_vectors

    def _reshape(self, steps: list[Step], shape: PlanShape, clauses: Sequence[Clause],
                 analyses: Sequence[ClauseAnalysis], masked: MaskedText, language: str, ctx: PlanContext,
                 kept: frozenset[str] = frozenset(), described: dict[int, list[str]] | None = None) -> list[Step]:
        """The rules' steps given the learned stage's tool counts and edges (see :mod:`agent.planner.reshape`);
        the steps in ``kept`` stay whatever the heads say; a step the heads make of a clause keeps the
        descriptions that followed it (``described``)."""
        def arguments(tool: str, index: int) -> dict[str, Any]:
            args = self._arguments(tool, clauses[index], analyses[index], masked, language)
            if described and described.get(index) and isinstance(args.get("prompt"), str):
                args["prompt"] = ", ".join([args["prompt"], *described[index]])
            return args

        def finish(tool: str, index: int, args: dict[str, Any]) -> dict[str, Any]:
            self._complete(tool, args, clauses[index], masked)
            return _only_known(ctx.tools[tool], args)

        make = step_factory(steps, [a.lexical for a in analyses], masked, ctx, arguments, finish)
        uploads = {artifact.kind for artifact in ctx.attachments}
        line = bool(masked.quotes) or any(step.tool in ("speech", "avatar") and isinstance(step.args.get("text"), str)
                                          for step in steps)
        cues = Cues(new_face="image" not in uploads and bool(_NEW_FACE.search(masked.text)),
                    quoted_line="audio" not in uploads and line,
                    several=asks_for_several(masked.text, language, tuple(a.kind for a in ctx.attachments)))
        return realize(steps, arbitrate(steps, shape, kept=kept, cues=cues), ctx.tools, make, runnable)

    def _build_steps(
        self,
        clauses: Sequence[Clause],
        analyses: Sequence[ClauseAnalysis],
        routes: Sequence[Route],
        masked: MaskedText,
        language: str,
        ctx: PlanContext,
        warnings: list[str],
        notes: list[Words] | None = None,
        origins: dict[str, int] | None = None,
        described: dict[int, list[str]] | None = None,
    ) -> list[Step]:
        """The plan's steps; what had to be left out is said in ``warnings`` (for the maker) and
        ``notes`` (for the player: a referent that cannot take the action)."""
        steps: list[Step] = []
        planned: list[PlannedStep] = []
        starts: list[int] = []  # index of the first step of each clause that made steps
        previous_tool: str | None = None
        named_asset = ""  # a clause that only named an earlier turn's asset, for the next clause's "it"
        previous_clause = ""
        carried: str | None = None  # a self-correction whose own clause only talks: it applies to the next clause
        lost_transcript = False  # a transcription that could not be planned (no recording): nothing to read back
        bare_medium = False  # the last clause named only its medium ("I need a skybox."): the next may say what of
        described_at = -2  # the clause that made the last prompt step: a bare description right after it adds to it
        origins = {} if origins is None else origins  # step id -> the index of the clause that made it

        def mark(position: int) -> None:
            for step in steps:
                origins.setdefault(step.id, position)

        for position, (clause, analysis, route) in enumerate(zip(clauses, analyses, routes)):
            mark(position - 1)
            if route.tool is None and analysis.talk_reason == "names an earlier asset":
                named_asset = clause.text
                continue
            if route.tool == "image" and _hands_over_a_picture(clause.text, language, ctx):
                continue  # "here is ship.png, a rough sketch": the file given is an input, not a picture to make
            if (carried is not None and clause.correction is None and route.tool is not None and steps
                    and route.tool != steps[-1].tool and not _ADDS.search(clause.text)):
                # "척추 모형을 3D로 부탁드리려 했는데, 다시 생각해 보니 평면 그림이 나을 것 같아요. 단면 그림으로 부탁드립니다"
                clause = Clause(clause.text, clause.link, carried)
            carried = None
            if (clause.correction is not None and steps and route.tool is None and clause.correction != "cancel"
                    and (analysis.talk_reason == "statement" or MARKER_ONLY.match(clause.text.strip()))):
                carried = clause.correction
                continue
            if clause.correction is not None and steps:
                handled = self._correct(steps, planned, starts, clause, analysis, route, masked, language, ctx)
                previous_tool = steps[-1].tool if steps else None
                if handled:
                    continue
            if (route.reason == "noun phrase closer to talk" and steps and clause.link in ("then", "chain")
                    and route.lexical and has_reference_cue(clause.text, language)):
                # "make a barrel model, then a short video of it so players can see every side": a medium named for
                # the result just made is an order, however talk-like the rest of the phrase sounds
                top = max(route.lexical, key=route.lexical.__getitem__)
                route = dataclasses.replace(route, tool=top, reason=f"names a {top} of the step before")
            route = discourse.reroute(clause, analysis, route, planned, language, ctx)
            if (route.tool in ("level", "mesh", "panorama") and analysis.lexical.get("video", 0) > 0 and "video" in ctx.tools
                    and any(step.tool == route.tool for step in steps)
                    and (_KO_CAMERA_MOVE if language == "ko" else _EN_CAMERA_MOVE).search(clause.text)):
                # "던전 안을 날아다니는 영상": the dungeon named is what the camera flies through, the clip is the output
                route = dataclasses.replace(route, tool="video", reason=f"{route.reason}; camera move over the {route.tool}")
            if (route.tool == "speech" and "avatar" in ctx.tools and any(step.tool == "speech" for step in steps)
                    and (_KO_VOICE_ON_FACE if language == "ko" else _EN_VOICE_ON_FACE).search(clause.text)):
                # "then put that audio on the barista avatar we made earlier": the voice made drives a talking head
                route = dataclasses.replace(route, tool="avatar", reason=f"{route.reason}; a voice put on a face")
            if (route.tool == "motion" and "image" in ctx.tools and any(step.tool == "motion" for step in steps)
                    and (_KO_POSE_FOR_PICTURE if language == "ko" else _EN_POSE_FOR_PICTURE).search(clause.text)):
                # "then use that walk as the pose for a fashion illustration": the picture is the output, the clip
                # just made its pose (the image takes the motion)
                route = dataclasses.replace(route, tool="image", reason=f"{route.reason}; a picture posed by the clip")
            if (steps and steps[-1].tool in _STYLE_TOOLS and route.tool == steps[-1].tool and clause.link == "and"
                    and clause.correction is None and not has_reference_cue(clause.text, language)
                    and (style := _only_a_style(clause.text, language))):
                # "여우 그림 그리고 배경은 수채화 톤으로 해 줘": how the picture just asked for looks, not a second one
                steps[-1] = steps[-1].model_copy(update={"args": {**steps[-1].args, "style": style}})
                discourse.extend_prompt(steps, planned, masked.unmask(clause.text).strip(" .!?"))
                continue
            sets_picture_in_motion = _moves_the_picture_before(clause, analysis, route, steps, language, ctx)
            if sets_picture_in_motion:
                # "draw a mecha, then make it move": what moves is the picture just made (rule 5), not a body
                route = dataclasses.replace(route, tool="video", reason=f"{route.reason}; sets the picture in motion")
            edits = discourse.is_edit(route)
            if edits and planned:
                clause = Clause(clause.text, "chain", clause.correction)  # the edit takes what it edits
            if steps and (discourse.elaborates(clause, analysis, route, language)
                          or (route.tool is not None and discourse.states_purpose(clause, analysis, language))):
                # "animate this picture, make the clouds drift slowly": how, not what else
                discourse.extend_prompt(steps, planned, masked.unmask(clause.text).strip(" .!?"))
                continue
            chained_motion = route.tool == "motion" == previous_tool and steps and steps[-1].tool == "motion"
            # "a walk cycle and a run cycle", "걷기 모션이랑 달리기 모션": each names a clip of its own
            chained_motion = chained_motion and not (_names_clip(previous_clause) and _names_clip(clause.text))
            previous_tool, previous_clause = route.tool, clause.text
            if route.tool is None:
                if bare_medium and _describes(clause, analysis, language):
                    # "스카이박스 필요해요. 노을 지는 구름 위의 하늘섬들": the sentence after the bare medium is its subject
                    subject = masked.unmask(clause.text).strip(" .!?")
                    steps[-1] = steps[-1].model_copy(update={"args": {**steps[-1].args, "prompt": subject}})
                    planned[-1].prompt = subject
                    bare_medium = False
                    continue
                if described_at == position - 1 and _describes(clause, analysis, language):
                    # "엘프 궁수 캐릭터 그려줘. 은발에 초록 망토, 전신, 정면", "…밀짚모자 쓰고 / 당근 들고 있는 거":
                    # a description right after the step it describes is more of that step's subject
                    detail = masked.unmask(clause.text).strip(" .!?")
                    discourse.extend_prompt(steps, planned, detail)
                    if described is not None:
                        described.setdefault(origins.get(steps[-1].id, position - 1), []).append(detail)
                    described_at = position
                    continue
                _give_orphan_quote(steps, clause, masked)
                continue
            if ((route.tool == "speech" or (route.tool == "transcribe" and "speech" in analysis.lexical))
                    and self._read_back(steps, planned, starts, clause, masked, language, ctx, warnings)):
                continue
            if (route.tool == "speech" and lost_transcript and not masked.quotes_in(clause.text)
                    and has_reference_cue(clause.text, language)):
                warnings.append("reading the transcript back needs the transcription, which had no recording; "
                                "that step was left out too")
                continue
            if route.tool in ("speech", "avatar") and self._give_line_to_avatar(steps, clause, analysis, route.tool,
                                                                                   masked, language):
                continue
            if chained_motion and not _names_new_character(clause.text):
                # "waves and then jumps twice" is one clip with a blend, not two clips
                _extend_motion(steps, masked.unmask(clause.text).strip(" .!?"), language)
                continue
            starts.append(len(steps))
            spec = ctx.tools[route.tool]
            # an edit, or a picture set in motion, must start from an existing result
            needs_input = edits or sets_picture_in_motion or (route.tool == "video"
                                                              and lx.moves_a_picture(clause.text, language))
            args = self._arguments(route.tool, clause, analysis, masked, language)
            if edits and route.tool in _PROMPT_TOOLS:
                args["prompt"] = masked.unmask(clause.text).strip(" .!?")  # the instruction is the prompt
            items = [analysis.subject]
            if route.tool in _PROMPT_TOOLS and route.tool != "level" and analysis.subject:
                items = split_enumeration(analysis.subject, clause.text, language, args.get("count"))
            for item in items:
                item_args = dict(args)
                if len(items) > 1:  # one step per listed item; the count was the number of items
                    item_args.pop("count", None)
                    item_args["prompt"] = masked.unmask(item)
                self._add_step(steps, planned, spec, route.tool, clause, analysis, item_args, masked, language, ctx,
                               context=named_asset, edits=needs_input, notes=notes)
            named_asset = ""
            if route.tool in _PROMPT_TOOLS and route.tool != "level" and starts[-1] < len(steps) and not edits:
                described_at = position
            bare_medium = (route.tool in _PROMPT_TOOLS and route.tool != "level" and starts[-1] == len(steps) - 1
                           and is_generic_subject(analysis.subject, language) and not edits and not needs_input)
            if starts[-1] == len(steps):  # the clause made nothing runnable
                starts.pop()
                if route.tool == "transcribe" and not lost_transcript and not named_files(clause.text):
                    warnings.append("transcribing needs a recording, and none came with this request or is among "
                                    "your recent files; attach it (app.py run TEXT --attach FILE, or upload it in the "
                                    "studio) and ask again")
                lost_transcript = lost_transcript or route.tool == "transcribe"
        mark(len(clauses) - 1)
        _wire_fly_through(steps, origins, clauses, language, ctx)
        _wire_pose(steps, origins, clauses, language, ctx)
        return _transcribe_each(steps, masked.text, language, ctx)

    def _correct(
        self,
        steps: list[Step],
        planned: list[PlannedStep],
        starts: list[int],
        clause: Clause,
        analysis: ClauseAnalysis,
        route: Route,
        masked: MaskedText,
        language: str,
        ctx: PlanContext,
    ) -> bool:
        """Apply a self-correction ("a dragon... actually no, make it a phoenix"); ``True`` when
        the clause was fully handled here.

        What is taken back: the steps of the last clause that made any, or every step so far
        when the correction says "just"/"only"/"그냥" or is a bare "scratch that". A correction
        that names no medium of its own ("make it a phoenix", "불사조로 해줘") keeps the replaced
        step's tool and inputs with its own subject; one that names a medium is planned like any
        clause once the replaced steps are gone. A correction with nothing to make (talk after
        "아니") takes nothing back.
        """
        cut = 0 if clause.correction in ("only", "cancel") or not starts else starts[-1]
        if clause.correction == "cancel":
            discourse.drop_from(steps, planned, starts, cut)
            return True
        own_medium = max(analysis.lexical.values(), default=0.0) >= discourse.OWN_MEDIUM_SCORE
        replaced = steps[cut]
        subject = analysis.subject.strip()
        if not subject and not own_medium:
            # "Actually, make it 10 seconds", "아니 수채화로": only a setting of the last step changes
            changed = {key: value for key, value in self._arguments(steps[-1].tool, clause, analysis, masked, language).items()
                       if key in ("style", "count", "duration_s")}
            if changed:
                steps[-1] = steps[-1].model_copy(update={"args": {**steps[-1].args, **changed}})
                return True
        swapped = (route.tool or max(analysis.lexical, key=analysis.lexical.__getitem__)) if own_medium else None
        if (swapped in _PROMPT_TOOLS and swapped in ctx.tools and analysis.talk_reason is None
                and isinstance(replaced.args.get("prompt"), str) and not _OWN_SUBJECT_TAIL.sub("", subject).strip()):
            # "a 3D teapot — wait no, just a picture of it is fine", "영상은 됐고 그림만 주세요": another medium
            # of the same thing; its subject is the replaced step's
            discourse.drop_from(steps, planned, starts, cut)
            args = self._arguments(swapped, clause, analysis, masked, language)
            args["prompt"] = replaced.args["prompt"]
            starts.append(len(steps))
            self._append(steps, planned, ctx.tools[swapped], swapped, args, [], language)
            return True
        if route.tool is not None and (own_medium or not subject):
            discourse.drop_from(steps, planned, starts, cut)
            return False  # planned as an ordinary clause
        if not subject or analysis.talk_reason is not None:
            return True  # nothing to make instead: nothing is taken back
        discourse.drop_from(steps, planned, starts, cut)
        spec = ctx.tools[replaced.tool]
        args = self._arguments(replaced.tool, clause, analysis, masked, language)
        if replaced.tool in _PROMPT_TOOLS and replaced.tool not in _WHOLE_CLAUSE_TOOLS:
            args["prompt"] = masked.unmask(discourse.replacement(subject, language))
        for name, value in replaced.args.items():
            if isinstance(value, dict) and ("$artifact" in value or value.get("$ref") in {s.id for s in steps}):
                args.setdefault(name, value)  # the inputs of what is corrected stay
        if not self._complete(replaced.tool, args, clause, masked):
            return True
        depends = [value["$ref"] for value in args.values() if isinstance(value, dict) and "$ref" in value]
        starts.append(len(steps))
        self._append(steps, planned, spec, replaced.tool, args, depends, language)
        return True

    def _add_step(
        self,
        steps: list[Step],
        planned: list[PlannedStep],
        spec: ToolSpec,
        tool: str,
        clause: Clause,
        analysis: ClauseAnalysis,
        args: dict[str, Any],
        masked: MaskedText,
        language: str,
        ctx: PlanContext,
        *,
        context: str = "",
        edits: bool = False,
        notes: list[Words] | None = None,
    ) -> None:
        """Resolve the references of one step, check it is runnable and append it. A step whose
        referent (an earlier turn's result) cannot take its action is left out, said in ``notes``."""
        link = clause.link if steps else "start"
        own_subject = lx.strip_tool_cues(analysis.subject, tool, language)
        problems: list[Unresolved] = []
        bindings = resolve(
            spec, clause.text, language, link=link, subject=own_subject, earlier=list(planned),
            attachments=ctx.attachments, recent=ctx.recent_artifacts, specs=ctx.tools,
            has_own_text=args.get("text") is not None, context=context, edits=edits,
            similarity=self._similarity if self._encoder is not None else None,
            conversation=ctx.conversation, unresolved=problems,
        )
        for problem in problems:
            if notes is not None:
                notes.append(unresolved_note(problem, ctx.tools))
            if problem.reason == "unfit":
                return
        if tool in _PROMPT_TOOLS and isinstance(args.get("prompt"), str):  # "the sword I made earlier" is a sword
            args["prompt"] = without_reference_words(args["prompt"], language) or args["prompt"]
        depends: list[str] = []
        for binding in bindings:
            args[binding.field] = binding.value
            inherited = binding.step.prompt if binding.step is not None else binding.prompt
            if binding.step is not None:
                depends.append(binding.step.id)
            if tool in _PROMPT_TOOLS and not args.get("prompt") and inherited:
                args["prompt"] = inherited  # "make a video of it": same subject
            elif edits and inherited and isinstance(args.get("prompt"), str):
                args["prompt"] = f"{inherited}, {args['prompt']}"  # image-to-image: what it was, then the change
        if not self._complete(tool, args, clause, masked):
            return
        self._append(steps, planned, spec, tool, args, depends, language)

    @staticmethod
    def _append(steps: list[Step], planned: list[PlannedStep], spec: ToolSpec, tool: str, args: dict[str, Any],
                depends: list[str], language: str) -> None:
        """Append a finished step (ids are positional: s1, s2, ...)."""
        step_id = f"s{len(steps) + 1}"
        steps.append(Step(id=step_id, tool=tool, args=_only_known(spec, args), depends_on=depends))
        prompt = args.get("prompt") or args.get("text")
        prompt = prompt if isinstance(prompt, str) else None
        planned.append(PlannedStep(step_id, tool, spec.produces, prompt,
                                   content_words(prompt, language) if prompt else frozenset()))

    def _read_back(self, steps: list[Step], planned: list[PlannedStep], starts: list[int], clause: Clause,
                   masked: MaskedText, language: str, ctx: PlanContext, warnings: list[str]) -> bool:
        """"transcribe the memo and read it back", "받아쓰고 그 내용을 읽어줘": what to say is the
        text an earlier step of this request produces, known only when it has run. The step
        takes that text as a ``$ref`` when the speech tool accepts a text artifact; otherwise
        it cannot be planned, and the user is told why (never the words "it back" read out).
        ``True`` when the clause was handled here."""
        source = next((step for step in reversed(planned) if "text" in step.produces), None)
        if source is None or masked.quotes_in(clause.text):
            return False
        if not (has_reference_cue(clause.text, language) or discourse.TRANSCRIPT_WORDS.search(clause.text)):
            return False
        spec = ctx.tools["speech"]
        field_name = spec.field_for("text")
        if field_name is None:
            warnings.append(
                f"reading out the text of step {source.id} ({source.tool}) needs a speech tool that takes a text "
                "artifact; the installed one takes only literal text, so that step was left out")
            return True
        starts.append(len(steps))
        self._append(steps, planned, spec, "speech", {field_name: {"$ref": source.id}}, [source.id], language)
        return True

    @staticmethod
    def _give_line_to_avatar(steps: list[Step], clause: Clause, analysis: ClauseAnalysis, tool: str,
                             masked: MaskedText, language: str) -> bool:
        """"make it talk and say '…'", "말하는 아바타 만들고 '…'라고 말하게 해줘": the line belongs
        to the talking head just planned (one that has nothing to say yet), not to a separate
        voice clip or a second head."""
        if not steps or steps[-1].tool != "avatar" or clause.link not in ("and", "chain"):
            return False
        last = steps[-1]
        if "text" in last.args or "audio" in last.args or set(analysis.lexical) - {"speech", "avatar"}:
            return False
        if tool == "avatar" and lx.strip_tool_cues(analysis.subject, "avatar", language):
            return False  # a head of someone else
        spoken = extract_spoken_text(clause.text, masked.quotes_in(clause.text), language, bare=False)
        if spoken is None:
            return False
        steps[-1] = last.model_copy(update={"args": {**last.args, "text": spoken.text, "language": spoken.language}})
        return True

    @staticmethod
    def _arguments(tool: str, clause: Clause, analysis: ClauseAnalysis, masked: MaskedText, language: str) -> dict[str, Any]:
        text = clause.text
        args: dict[str, Any] = {}
        if tool in _WHOLE_CLAUSE_TOOLS:
            # The motion tool parses verbs, order, counts and speed itself ("두 번", "twice"), the
            # level tool sizes, rooms and keys ("열쇠 두 개", "8 rooms"): give them the whole
            # clause rather than a noun-phrase subject.
            args["prompt"] = masked.unmask(text).strip(" .!?")
        elif tool in _PROMPT_TOOLS and analysis.subject:
            args["prompt"] = masked.unmask(analysis.subject)
        if tool in _STYLE_TOOLS and (style := extract_style(text, language)):
            args["style"] = style
        if tool in _COUNT_TOOLS and (count := extract_count(text, language)):
            args["count"] = count
        if tool in _DURATION_TOOLS and (seconds := extract_duration(text, language)):
            args["duration_s"] = seconds
        if tool in _TEXT_TOOLS:
            spoken = extract_spoken_text(text, masked.quotes_in(text), language, bare=tool == "speech")
            if spoken is not None:
                args["text"] = spoken.text
                args["language"] = spoken.language
        return args

    @staticmethod
    def _complete(tool: str, args: dict[str, Any], clause: Clause, masked: MaskedText) -> bool:
        """Whether a step has what it needs to run; fills a last-resort prompt where one is missing."""
        if tool == "transcribe":
            return "audio" in args
        if tool == "speech":
            return bool(args.get("text")) and not _only_file_names(args["text"])
        if tool in _PROMPT_TOOLS and not args.get("prompt"):
            # Nothing but the medium was named ("make a video"): the clause itself is the prompt.
            args["prompt"] = masked.unmask(clause.text).strip(" .!?")
        return True


# What joins file names in a list ("call1.wav와 call2.wav", "a.wav and b.wav"): no words to say.
_JOINERS = frozenset({"와", "과", "랑", "이랑", "하고", "및", "and", "or", "첨부", "attached", "file", "파일"})


def _only_file_names(text: Any) -> bool:
    """Whether a line to say is nothing but the names of files ("call1.wav와", "- 첨부: vo.wav"): a file named is an
    input (rule 2), never words for a voice step to read out."""
    if not isinstance(text, str) or not named_files(text):
        return False
    rest = re.findall(r"\w+", FILE_NAME.sub(" ", text))
    return all(word.lower() in _JOINERS for word in rest)


# A voice made before, put on a face or talking head ("put that audio on the barista avatar", "그 음성 아바타에 입혀줘").
_EN_VOICE_ON_FACE = re.compile(
    r"\b(?:put|apply|use|add|sync|lip-?sync|give)\s+(?:it|that|this|the)\s*(?:[\w-]+\s+){0,2}?(?:on|onto|to|for|with)\s+"
    r"(?:the|my|our|that|this|her|his)\s+(?:[\w-]+\s+){0,4}?(?:avatar|talking\s+head|face|portrait|headshot)\b", re.IGNORECASE)
_KO_VOICE_ON_FACE = re.compile(r"(?:아바타|토킹\s*헤드|얼굴|초상화|사진)\S*\s+(?:\S+\s+)?(?:입혀|붙여|씌워|넣어|립\s*싱크)")


# A picture posed by a clip made before it: "use that walk as the pose for a poster", "그 자세로 일러스트 그려 줘".
_EN_POSE_FOR_PICTURE = re.compile(
    r"\b(?:as|for)\s+(?:the\s+|a\s+)?(?:pose|reference)\b.*\b(?:illustrations?|drawings?|pictures?|images?|portraits?|"
    r"posters?|paintings?|art(?:work)?|pics?|sketch(?:es)?|concept)\b|"
    r"\b(?:illustrations?|drawings?|pictures?|images?|portraits?|posters?|paintings?|pics?|draw|paint|sketch|"
    r"illustrate)\b.*\b(?:in|with|using)\s+"
    r"(?:exactly\s+)?(?:that|this|the)\s+(?:same\s+|exact\s+)?(?:pose|stance|walk|motion)\b", re.IGNORECASE)
_KO_POSE_FOR_PICTURE = re.compile(r"(?:자세|포즈|동작)\S*\s+(?:\S+\s+){0,4}?\S*(?:그림|일러스트|포스터|이미지|초상화)")

# What only sets the look of the step before ("배경은 수채화 톤으로 해 줘", "수채화 톤 배경으로", "in a watercolor tone
# please"): words of style and filler, no subject and no order to change something made.
_STYLE_FILLER = re.compile(
    r"배경\S*|톤\S*|느낌\S*|스타일\S*|색감\S*|풍\S*|화풍\S*|전체\S*|좀|으로|로|은|는|해|줘|줘요|주세요|해줘|해줘요|"
    r"해주세요|부탁\S*|하면|좋겠\S*|background|backdrop|tones?|toned|style|styled|look|feel|in|with|a|an|the|please|"
    r"pls|all|of|colou?rs?|palette|[ㅋㅎㅠㅜ]+", re.IGNORECASE)  # laughter in a chat line ("ㅎㅎ 애니풍으로") says no more


def _only_a_style(text: str, language: str) -> str | None:
    """The style a clause sets when that is all it says, else ``None``."""
    style = extract_style(text, language)
    if style is None:
        return None
    rest = without_marked_style(text, language)
    rest = re.sub(re.escape(style), " ", rest, flags=re.IGNORECASE)
    if language == "ko":  # "애니풍으로": the Korean name of the style, with its particle
        rest = " ".join(" " if any(p.match(w) for n, p in KO_STYLE_PATTERNS if n == style) else w for w in rest.split())
    words = [word for word in re.findall(r"[\w-]+", rest) if not _STYLE_FILLER.fullmatch(word)]
    return style if not words else None


def _without_parts_taken_back(steps: list[Step], clauses: Sequence[Clause], language: str) -> list[Step]:
    """"3D bicycle, then a turntable. oh scratch the turntable, just the model pls", "... 턴테이블은 빼 줘" (rule 9): a
    take-back that names one part of the plan drops the last step of the tool it names, with the steps that take
    it, unless that is the whole plan."""
    pattern = _KO_DROPS_PART if language == "ko" else _EN_DROPS_PART
    for clause in clauses[1:]:
        found = pattern.search(clause.text)
        if not found:
            continue
        named = {tool: score for tool, score in lx.tool_scores(found.group("what"), language).items() if score > 0}
        if not named:
            continue
        tool = max(named, key=named.__getitem__)
        for _ in range(2):  # the part named, and the step the take-back's own words made of it
            index = next((i for i in range(len(steps) - 1, -1, -1) if steps[i].tool == tool), None)
            if index is None:
                break
            dropped = {steps[index].id}
            for step in steps[index + 1:]:
                if set(step.depends_on) & dropped:
                    dropped.add(step.id)
            if len(dropped) == len(steps):
                break  # the whole plan: that is no part taken back
            steps = renumbered([step for step in steps if step.id not in dropped])
    return steps


# A take-back naming one part of the plan ("oh scratch the turntable", "skip the turntable video", "턴테이블은 빼 줘").
_EN_DROPS_PART = re.compile(
    r"^(?:(?:oh|ah|actually|hmm+|um+|sorry|wait|ok|okay|nah|no)[\s,.!]+)*(?:please\s+)?(?:scratch|skip|drop|forget(?:\s+about)?|"
    r"cancel|lose|ditch|never\s*mind|no\s+need\s+for)\s+(?:the|that|this)\s+(?P<what>[\w\s-]{2,40}?)(?=\s*(?:[,.;!]|$|\s+(?:just|only|part)\b))",
    re.IGNORECASE)
_KO_DROPS_PART = re.compile(r"^(?:(?:아+|앗|음+|근데)[\s,.!~]+)*(?P<what>\S+(?:\s+\S+)?)(?:은|는)\s*(?:빼\s*(?:고|줘|주세요|줘요)|"
                            r"취소(?:해|하고|할게)|없어도\s*(?:돼|되|됩니다)|필요\s*없(?:어|고|습니다))")


# A clause that adds to what came before rather than replacing it ("그리고 …", "also …").
_ADDS = re.compile(r"^\s*(?:그리고|또|또한|추가로|and\b|also\b|plus\b)|\b(?:too|as\s+well)\b|\S도(?:\s|$)", re.IGNORECASE)


def _describes(clause: Clause, analysis: ClauseAnalysis, language: str) -> bool:
    """A clause that names no tool, asks nothing and is no talk, but has a concrete subject: a description."""
    return (clause.correction is None and analysis.talk_reason is None and not analysis.lexical
            and not is_generic_subject(analysis.subject, language))


_NEW_CHARACTER = re.compile(r"\b(?:another|second|other|new)\s+(?:character|person|man|woman|knight|robot)\b|다른\s*캐릭터|또\s*다른",
                            re.IGNORECASE)


_CLIP = re.compile(r"\b(?:cycles?|clips?|animations?|motions?|loops?)\b|모션|애니메이션|클립|사이클", re.IGNORECASE)


def _names_clip(text: str) -> bool:
    return bool(_CLIP.search(text))


def _names_new_character(text: str) -> bool:
    return bool(_NEW_CHARACTER.search(text))


def _extend_motion(steps: list[Step], clause_text: str, language: str) -> None:
    """Append a follow-on action to the motion step just before it."""
    last = steps[-1]
    joiner = " 그리고 " if language == "ko" else " and then "
    prompt = f"{last.args.get('prompt', '')}{joiner}{clause_text}".strip()
    steps[-1] = last.model_copy(update={"args": {**last.args, "prompt": prompt}})


# A new face asked for a talking head ("a brand-new villain face", "make a new face: ...", "새로 만든 외눈 해적 얼굴",
# "교수님 얼굴을 새로 만들어서"): the face is a picture the plan makes (rule 3).
_NEW_FACE = re.compile(
    r"\b(?:new|brand[\s-]*new|fresh)\b(?:[\s,]+[\w'-]+){0,5}?[\s,]+(?:face|portrait|headshot)\b|"
    r"\b(?:invent|draw|design|create|generate|make)\s+(?:a\s+|an\s+)?(?:new\s+)?face\b|"
    r"\b(?:new|brand[\s-]*new)\s+(?:[\w-]+\s+){0,2}?(?:host|presenter|character|person|guy|girl|woman|man|npc|mascot|"
    r"dwarf|elf|wizard|knight|villain|hero)\b|"
    r"(?:새|새로운|새로\s*만든|완전\s*새로운)\s*(?:\S+\s*){0,5}?얼굴|얼굴(?:을|도|은|는)?\s*(?:\S+\s+)?새로", re.IGNORECASE)


# An order to say words given after a colon ("read this out: ...", "이 문장 읽어줘: ...", "TTS 해주세요: ...").
_READS_OUT = re.compile(r"(?:\b(?:say|read(?:\s+out)?(?:\s+aloud)?|narrate|speak|announce|recite|tts|voice)\b[^:\n]{0,40}|"
                        r"(?:읽어|낭독|말해|tts|나레이션|내레이션|녹음)[^:\n]{0,12}):\s*(?=\S)", re.IGNORECASE)


# More than one of something, in words (rule 10): a number (not of the rooms inside one level: "보물방 2개", "3 rooms"), "each", "both", a second one, a continuation, or
# results said to be apart ("separately", "two unrelated assets", "따로따로", "별도로", "X 하나 Y 하나").
_EN_SEVERAL = re.compile(r"\b(?:two|three|four|five|six|seven|eight|both|each|pair|couple|several|another|second|"
                         r"continue[sd]?|continuing|(?:[2-9]|1[0-9])(?!\s+(?:rooms?|floors?|keys?|doors?|exits?|enemies|chests?)\b)|separate(?:ly)?|different|unrelated|distinct|"
                         r"individual(?:ly)?)\b|\+", re.IGNORECASE)
_KO_SEVERAL = re.compile(r"(?<!방)(?<!방\s)(?:두|세|네|다섯|여섯|[2-9])\s*(?:개|장|가지|편|마리|명|종|줄|컷|버전)|둘|셋|각각|하나씩|하나는|다른\s*하나|"
                         r"이어(?:서|지|붙|줘|주)|\+|\b(?:two|three|each|both)\b|따로|별도|별개|서로\s*다른|"
                         r"하나\s*(?:는|씩)?[,\s].*하나", re.IGNORECASE)


def asks_for_several(text: str, language: str, attachments: Sequence[str] = ()) -> bool:
    """Whether the words ask for more than one of something (rule 10), or two files are named: without it the
    learned stage adds no second step of a tool the rules planned once. A continuation counts only when what it
    continues is made in this request: "continue the backflip from before into a bow", "첨부한 모션 이어서 …" is
    one clip (rule 8), ``attachments`` being the kinds of the files given."""
    several = _KO_SEVERAL if language == "ko" else _EN_SEVERAL
    if len(named_files(text)) >= 2:
        return True
    found = [match.group(0) for match in several.finditer(text)]
    if not found:
        return False
    if all(_CONTINUES.fullmatch(word) for word in found) and not _MADE_THEN_CONTINUED.search(text) and (
            "motion" in attachments or lx.names_past_asset(text, language) or _PAST_CLIP.search(text)):
        return False
    return True


# A continuation cue, and a clip of an earlier turn it may continue ("the dance from earlier", "아까 그 … 모션").
_CONTINUES = re.compile(r"continue[sd]?|continuing|이어(?:서|지|붙|줘|주)", re.IGNORECASE)
# A clip made in this very request and then continued: "make a dance routine for the model from earlier, then
# continue it with a bow", "앉는 모션 만들고, 거기서 이어서 …": the earlier turn named is the model, not the clip.
_CLIP_NOUN = r"(?:motion|animation|routine|cycle|dance|clip|move|모션|동작|애니메이션|춤|댄스)"
_MADE_THEN_CONTINUED = re.compile(
    r"\b(?:make|create|generate|animate|give\s+me|do|choreograph)\b[^.?!\n]{0,60}?\b" + _CLIP_NOUN +
    r"\b(?!\s+(?:from|of)\s+(?:before|earlier|yesterday|last))[^.?!\n]{0,60}?\bthen\b[^.?!\n]{0,20}?\bcontinu|"
    + _CLIP_NOUN + r"\s*(?:을|를|도|하나|좀)?\s*(?:만들|뽑|생성|짜)\S*?(?:고|서|다음에?)[\s,]+[^.?!\n]{0,30}?이어",
    re.IGNORECASE)
_PAST_CLIP = re.compile(
    r"(?:from|of)\s+(?:before|earlier|yesterday|last\s+time|last\s+session|this\s+morning)|"
    r"(?:the|that|my|our)\s+(?:earlier|previous|last|old)\s+|"
    r"(?:아까|저번|지난번|어제|방금|전에)\s*(?:\S+\s+){0,4}?\S*(?:모션|애니메이션|동작|클립|춤|댄스)", re.IGNORECASE)


# A camera move over something (docs/plan-conventions.md rule 4): a fly-through, walkthrough, turntable, orbit.
_EN_CAMERA_MOVE = re.compile(
    r"\b(?:fly[\s-]*(?:through|thru|over|by)|flythrough|flyover|flyby|(?:flies|flying|fly)\s+(?:through|over|along|around|between|into)|"
    r"walk[\s-]*(?:through|thru)|turntable|orbit(?:s|ing)?|spin(?:s|ning)?|rotat(?:e|es|ing)|360)\b", re.IGNORECASE)
_KO_CAMERA_MOVE = re.compile(r"플라이\s*스루|플라이\s*오버|워크\s*스루|날아|훑|둘러보|돌아보|턴테이블|빙글|회전|360도?|돌아가는|도는|누비|"
                             r"걸어\s*(?:가|다니|들어)|지나가")
# What is flown over names the thing made (or points at it): "the map", "던전 안", "it".
_FLOWN_OVER = re.compile(r"\b(?:map|level|dungeon|stage|cave|arena|maze|model|skybox|panorama|scene|island|world|"
                         r"flythrough|flyover|walkthrough|turntable)\b|맵|던전|스테이지|레벨|동굴|모델|스카이박스|파노라마|"
                         r"플라이\s*스루|워크\s*스루|턴테이블", re.IGNORECASE)


def _wire_pose(steps: list[Step], origins: Mapping[str, int], clauses: Sequence[Clause], language: str,
               ctx: PlanContext) -> None:
    """"animate a bow, then paint a butler in exactly that same pose": a picture whose clause poses it by a clip
    takes the one motion step made before it in this request as its pose (the image tool's motion input)."""
    image = ctx.tools.get("image")
    field = image.field_for("motion") if image is not None else None
    if field is None:
        return
    pose = _KO_POSE_FOR_PICTURE if language == "ko" else _EN_POSE_FOR_PICTURE
    for index, step in enumerate(steps):
        position = origins.get(step.id)
        if step.tool != "image" or step.depends_on or field in step.args or position is None:
            continue
        clips = [other for other in steps[:index] if other.tool == "motion"]
        if len(clips) == 1 and pose.search(clauses[position].text):
            steps[index] = step.model_copy(update={"args": {**step.args, field: {"$ref": clips[0].id}},
                                                   "depends_on": [clips[0].id]})


# What takes every earlier result of a kind: "build the 3D model from both", "그 두 장 다 참고해서", "둘 다 써서".
_EN_FROM_ALL = re.compile(r"\b(?:from|using|of|with|combining|based\s+on)\s+(?:both|all\s+(?:of\s+them|three|four|the\s+\w+))"
                          r"|\bboth\s+(?:pictures|images|drawings|views|sketches|of\s+them)\b", re.IGNORECASE)
_KO_FROM_ALL = re.compile(r"(?:두|세|네)\s*(?:장|개)\s*(?:다|모두|전부)|둘\s*다|셋\s*다|모두\s*(?:참고|합쳐|써서|사용)|전부\s*(?:참고|합쳐)")


def _from_all_of_them(steps: list[Step], text: str, language: str, ctx: PlanContext) -> list[Step]:
    """"draw the mascot from the front and from the side, then build the 3D model from both" (rule 11, fan-in): the
    one model or video after the pictures, when the words say it uses all of them, depends on every picture made
    before it that feeds nothing else (and takes the first as its input when it had none)."""
    if not (_KO_FROM_ALL if language == "ko" else _EN_FROM_ALL).search(text):
        return steps
    consumers = [index for index, step in enumerate(steps) if step.tool in ("mesh", "video")
                 and sum(other.tool == "image" for other in steps[:index]) >= 2]
    if len(consumers) != 1:
        return steps
    index = consumers[0]
    consumer = steps[index]
    pictures = [step.id for step in steps[:index] if step.tool == "image"
                and not any(step.id in other.depends_on for other in steps if other is not consumer)]
    if len(pictures) < 2:
        return steps
    order = [step.id for step in steps]
    depends = sorted(dict.fromkeys([*consumer.depends_on, *pictures]), key=order.index)
    args = dict(consumer.args)
    spec = ctx.tools.get(consumer.tool)
    field = spec.field_for("image") if spec is not None else None
    if field is not None and field not in args:
        args[field] = {"$ref": pictures[0]}
    out = list(steps)
    out[index] = consumer.model_copy(update={"args": args, "depends_on": depends})
    return out


def _wire_fly_through(steps: list[Step], origins: Mapping[str, int], clauses: Sequence[Clause], language: str,
                      ctx: PlanContext) -> None:
    """"Design an overworld map. When that's ready, make a video that flies over the map": a video with
    no input whose clause moves a camera over a level, model or panorama made earlier in this request
    takes it (rule 4), when exactly one such step precedes it; one naming an earlier turn's asset does not."""
    video = ctx.tools.get("video")
    if video is None:
        return
    for index, step in enumerate(steps):
        position = origins.get(step.id, 0 if len(clauses) == 1 else None)  # one clause: the whole request
        if step.tool != "video" or step.depends_on or step.args.get("source") is not None or position is None:
            continue
        text = clauses[position].text
        moves = (_KO_CAMERA_MOVE if language == "ko" else _EN_CAMERA_MOVE).search(text)
        if not moves or lx.names_past_asset(text, language):
            continue
        earlier = [other for other in steps[:index] if other.tool in ("level", "mesh", "panorama")]
        follows = clauses[position].link in ("then", "chain") and index > 0 and steps[index - 1] in earlier
        if not (_FLOWN_OVER.search(text) or has_reference_cue(text, language) or follows):
            continue
        if len(earlier) != 1:
            continue
        made = ctx.tools.get(earlier[0].tool)
        field = next((name for name, kinds in video.consumes.items() if made is not None and set(kinds) & set(made.produces)),
                     None)
        if field is None:
            continue
        steps[index] = step.model_copy(update={"args": {**step.args, field: {"$ref": earlier[0].id}},
                                               "depends_on": [earlier[0].id]})


def _moves_the_picture_before(clause: Clause, analysis: ClauseAnalysis, route: Route, steps: Sequence[Step],
                              language: str, ctx: PlanContext) -> bool:
    """A motion clause with no subject of its own ("then make it move", "그걸 움직이게 해줘") right
    after a picture, with no 3D body planned: the picture is what moves, so the output is a video. So
    is "make it move, like the lantern swinging" (how it moves), and "make it move" of a picture uploaded
    with no body or motion given (rule 5)."""
    if route.tool != "motion" or "video" not in ctx.tools or any(step.tool == "mesh" for step in steps):
        return False
    told = (_KO_MAKE_IT_MOVE if language == "ko" else _EN_MAKE_IT_MOVE).search(clause.text)
    if not steps:  # the picture given: "This is the page spread (spread.jpg). Make it move"
        kinds = {artifact.kind for artifact in ctx.attachments}
        return bool(told) and "image" in kinds and not kinds & {"mesh", "motion"}
    if steps[-1].tool != "image" or clause.link not in ("then", "chain", "and"):
        return False
    if told:
        return True
    own = lx.strip_tool_cues(clause.text, "motion", language)
    return is_generic_subject(extract_subject(own, language), language) and (
        has_reference_cue(clause.text, language) or not own.strip())


# "make it move", "get that moving", "그걸 움직이게": the thing to move is the one pointed at, not a body named.
_EN_MAKE_IT_MOVE = re.compile(r"\b(?:make|get|have|let|set)\s+(?:it|that|this|them)\s+(?:move|moving|come\s+(?:alive|to\s+life))\b",
                              re.IGNORECASE)
_KO_MAKE_IT_MOVE = re.compile(r"(?:그걸|그것을|이걸|이것을|그\s*그림(?:을|이)?|이\s*그림(?:을|이)?)\s*(?:\S+\s+){0,2}?움직이게")


def _subject_before_tour(steps: list[Step], text: str, language: str) -> list[Step]:
    """"underwater skybox + a slow 360 spin video of it": a camera-move video with no input that the
    learned stage placed before the one level, model or panorama of the request follows it instead,
    so that rule 4 can wire it; ids are renumbered in the new order."""
    subjects = [i for i, step in enumerate(steps) if step.tool in ("level", "mesh", "panorama")]
    if len(subjects) != 1 or not (_KO_CAMERA_MOVE if language == "ko" else _EN_CAMERA_MOVE).search(text):
        return steps
    if lx.names_past_asset(text, language) or not (_FLOWN_OVER.search(text) or has_reference_cue(text, language)):
        return steps
    tours = [i for i, step in enumerate(steps[:subjects[0]])
             if step.tool == "video" and not step.depends_on and step.args.get("source") is None]
    if len(tours) != 1 or any(steps[subjects[0]].id in step.depends_on for step in steps):
        return steps
    order = [step for i, step in enumerate(steps) if i != tours[0]]
    order.insert(order.index(steps[subjects[0]]) + 1, steps[tours[0]])
    return renumbered(order)


_EACH = re.compile(r"\b(?:both|each|all\s+(?:two|three|of\s+them)|two|three|separately)\b|둘\s*다|각각|따로|모두|전부|두\s*개|세\s*개")


def _transcribe_each(steps: list[Step], text: str, language: str, ctx: PlanContext) -> list[Step]:
    """"transcribe standup_mon.wav and standup_tue.wav" with both uploaded: one transcription per
    recording (rule 10), not one of the last upload; a single transcribe step that nothing reads
    from gets a sibling for each other audio upload, when the words name two recordings or "both"."""
    uploads = [artifact for artifact in ctx.attachments if artifact.kind == "audio"]
    transcribes = [i for i, step in enumerate(steps) if step.tool == "transcribe"]
    if len(uploads) < 2 or len(transcribes) != 1 or any(step.depends_on for step in steps):
        return steps
    named = [name for name, kind in named_files(text) if kind == "audio"]
    if len(named) < 2 and not _EACH.search(text):
        return steps
    first = steps[transcribes[0]]
    taken = first.args.get("audio", {}).get("$artifact") if isinstance(first.args.get("audio"), dict) else None
    others = [artifact for artifact in uploads if artifact.id != taken]
    if taken is None or len(others) != len(uploads) - 1:
        return steps
    copies = [first.model_copy(update={"id": f"s{900 + n}", "args": {**first.args, "audio": {"$artifact": artifact.id}}})
              for n, artifact in enumerate(others, start=1)]
    order = steps[:transcribes[0]] + [first] + copies + steps[transcribes[0] + 1:]
    return renumbered(order)


_SLIDESHOW = re.compile(r"\bslide\s*-?\s*shows?\b|\b(?:one|a\s+single|single|into\s+a|one\s+short)\s+(?:video|clip)\b|"
                        r"슬라이드\s*쇼|슬라이드\s*영상|(?:하나의|한\s*편의|한)\s*영상|영상\s*하나로?", re.IGNORECASE)


def _slideshow_of_new_pictures(steps: list[Step], text: str, language: str, ctx: PlanContext) -> list[Step]:
    """"a slideshow made of three new pictures: A, B and C", "a slideshow of a cat, a dog and a fox", "알, 올챙이,
    개구리 그림 각각 한 장씩" (rule 6): N picture steps, each drawn from its item of the list, and one video that
    takes all of them, whatever the plan had before (one picture with a count, one for the whole list, a video on
    the first picture only, or the video alone)."""
    if not _SLIDESHOW.search(text) or "video" not in ctx.tools or "image" not in ctx.tools:
        return steps
    size = _slideshow_size(text, language)
    if size is None:
        return steps
    wanted, items = size
    images = [step for step in steps if step.tool == "image" and not step.depends_on]
    videos = [step for step in steps if step.tool == "video"]
    if len(images) > wanted or len(videos) > 1 or not (images or videos) or len(steps) != len(images) + len(videos):
        return steps
    if any(image.args.get("source") is not None for image in images):
        return steps  # an edit of an upload, not new pictures
    if (not images and (any(refs_in(value) for value in videos[0].args.values()) or ctx.attachments)) or (
            lx.names_past_asset(text, language) or _PAST_PICTURES.search(text)):
        return steps  # a slideshow of pictures given or made before: no new pictures
    base = {key: value for key, value in images[0].args.items() if key != "count"} if images else {
        "prompt": videos[0].args.get("prompt") or text.strip(" .!?")}
    pictures = [image.model_copy(update={"args": {key: v for key, v in image.args.items() if key != "count"}})
                for image in images]
    pictures += [Step(id=f"s{900 + n}", tool="image", args=dict(base)) for n in range(len(images), wanted)]
    if len(items) == wanted:  # each picture is drawn from its own item of the list
        pictures = [picture.model_copy(update={"args": {**picture.args, "prompt": item}})
                    for picture, item in zip(pictures, items)]
    video = videos[0] if videos else Step(id="s999", tool="video", args={})
    field = next((name for name, kinds in ctx.tools["video"].consumes.items() if "image" in kinds), None)
    args = {key: value for key, value in video.args.items() if key != field}
    if field is not None:
        args[field] = {"$ref": pictures[0].id}
    video = video.model_copy(update={"args": args, "depends_on": [picture.id for picture in pictures]})
    return renumbered([*pictures, video])


def _slideshow_size(text: str, language: str) -> tuple[int, list[str]] | None:
    """How many pictures a slideshow asks for, and their items when listed: a count of pictures ("three
    scenes", "그림 세 장"), else a list of two to six short items after "slideshow of" / before "그림 각각"."""
    counted = (_KO_PICTURE_COUNT if language == "ko" else _EN_PICTURE_COUNT).search(text)
    if counted:
        return (_KO_NUMBER if language == "ko" else _EN_NUMBER)[counted.group(1).lower()], _listed_items(text, counted, language)
    listed = (_KO_EACH_PICTURE if language == "ko" else _EN_SLIDESHOW_OF).search(text)
    if not listed:
        # "slideshow for our website:\n1) croissants ...\n2) a baker ...\n3) ...": one picture per numbered line
        numbered = [item.strip(" .") for item in _NUMBERED_LINE.findall(text)]
        return (len(numbered), numbered) if 2 <= len(numbered) <= 6 else None
    span = re.split(r"[.!?\n]", listed.group("items"))[-1 if language == "ko" else 0]
    items = [item.strip(" .") for item in _LIST_SEPARATOR.split(span) if item.strip(" .")]
    if not 2 <= len(items) <= 6 or any(len(item.split()) > 6 for item in items):
        return None
    return len(items), items


_PAST_PICTURES = re.compile(r"\b(?:you|we|i)\s+(?:made|drew|generated|did|created|uploaded|sent|attached)\b|"
                            r"\b(?:earlier|before|yesterday|last\s+time|attached|uploaded)\b|아까|저번|지난번|어제|전에|방금|올린|첨부|보낸",
                            re.IGNORECASE)
_EN_NUMBER = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
_KO_NUMBER = {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
_NUMBERED_LINE = re.compile(r"^\s*\d[.)]\s+(.+?)\s*$", re.MULTILINE)
# "three new pictures", "a 4-slide pitch reel"
_EN_PICTURE_COUNT = re.compile(r"\b(two|three|four|five|six|[2-6])(?:\s+|\s*-\s*)(?:(?:new|fresh|brand[\s-]new|different|separate|"
                               r"key|short|simple|little)\s+)?"
                               r"(?:pics?|pictures|images|drawings|illustrations|paintings|stills|scenes|panels|slides?|"
                               r"frames|shots)\b", re.IGNORECASE)
_KO_PICTURE_COUNT = re.compile(r"(?:그림|이미지|일러스트|사진|장면|컷)\s*(두|세|네|다섯|여섯|[2-6])\s*(?:장|컷|개)")
# "a slideshow of a cat, a dog and a fox", "slideshow with: A, B, C"; "알, 올챙이, 개구리 그림 각각 한 장씩"
_EN_SLIDESHOW_OF = re.compile(r"\bslide\s*-?\s*shows?\s+(?:video\s+)?(?:of|with|showing|from)\s*:?\s+(?P<items>[^.!?\n]+)",
                              re.IGNORECASE)
_KO_EACH_PICTURE = re.compile(r"(?P<items>[^.!?\n]+?)\s*(?:그림|이미지|일러스트|사진)(?:을|를|으로|로)?\s*"
                              r"(?:각각|하나씩|한\s*장씩|한\s*장\s*씩)")


_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*(?:랑|이랑|하고|와|과)\s+")


def _listed_items(text: str, counted: re.Match[str], language: str) -> list[str]:
    """The listed pictures: after the colon in English ("... 3 new pictures: A, B and C"), before
    the count in Korean ("A, B, C 그림 세 장")."""
    if language == "ko":
        span = re.split(r"[.!?\n]", text[:counted.start()])[-1]
    else:
        after = text[counted.end():]
        opener = re.match(r"[^:—–(]{0,12}[:—–(]\s*", after)  # "3 pictures: A, B and C", "3 scenes — A, B, C —"
        span = re.split(r"[.!?\n—–)]", after[opener.end():])[0] if opener else ""
    return [item.strip(" .") for item in _LIST_SEPARATOR.split(span) if item.strip(" .")]


def _give_orphan_quote(steps: list[Step], clause: Clause, masked: MaskedText) -> None:
    """A quote in a clause of its own ("make a talking avatar, the line is '...'") is the text
    of the speech/avatar step just before it when that step has nothing to say yet."""
    quotes = masked.quotes_in(clause.text)
    if not quotes or not steps:
        return
    last = steps[-1]
    said = str(last.args.get("text", ""))
    # "보스 대사 하나 뽑아 주세요. '…'": a line only described in its own clause ("보스 대사") is no line to say;
    # the quote that follows is
    described_only = bool(said) and not any(quote in said for quote in masked.quotes_in(masked.text))
    if last.tool in _TEXT_TOOLS and ("text" not in last.args or described_only) and "audio" not in last.args:
        text = " ".join(quotes)
        last.args["text"] = text
        last.args["language"] = detect_language(text)


def _prepare(text: str) -> tuple[MaskedText, str, list[Clause], list[ClauseAnalysis]]:
    """Mask quotes, detect the language, split into clauses and analyse each one."""
    masked = mask_quotes(text)
    has_letters = any(ch.isalpha() for ch in masked.text)
    language = detect_language(masked.text if has_letters else text)
    clauses = split_clauses(masked.text, language, _split_cues(language))
    return masked, language, clauses, [analyse(clause.text, language) for clause in clauses]


def _split_cues(language: str) -> SplitCues:
    def names_medium(text: str) -> bool:
        return lx.names_medium(without_marked_style(text, language), language)

    def is_request(text: str) -> bool:
        # "and a separate skybox for it": a result set apart is a request even with no subject of its own
        return names_medium(text) and (bool(PLACEHOLDER.search(text)) or bool(extract_subject(text, language))
                                       or bool(_SETS_APART.search(text)))

    def keep_whole(sentence: str) -> bool:
        said = _READS_OUT.search(sentence)
        if said and set(lx.tool_scores(sentence[:said.start()], language)) <= {"speech", "avatar"}:
            return True  # "TTS 해주세요: 왼쪽 스틱으로 이동하고 A 버튼으로 점프하세요": all after the colon is the line
        if language == "ko":  # "스카이박스랑 파노라마 차이가 뭐야?" is one question, not two requests
            return bool(lx.KO_QUESTION_WORDS.search(sentence) and not lx.KO_CREATE.search(sentence))
        stripped = sentence.strip()
        return bool(lx.EN_TALK_VERBS.match(stripped)
                    or (lx.EN_WH_QUESTION.match(stripped) and not lx.EN_WH_EXCEPTIONS.match(stripped)))

    return _SPLIT_CUES.setdefault(language, SplitCues(names_medium, is_request, keep_whole))


# What is left of a correction's subject once its medium is gone and says nothing of what to make:
# "(just a picture of it) is fine", "(just a picture) would do nicely".
_OWN_SUBJECT_TAIL = re.compile(r"^(?:it|that|this|one|the\s+same)\b\s*|\b(?:is|are|would|will|should|could|works?|does|do)\b.*$",
                               re.IGNORECASE)
_SPLIT_CUES: dict[str, SplitCues] = {}
_SETS_APART = re.compile(r"\b(?:separate|standalone|unrelated)\b|따로|별개|별도", re.IGNORECASE)


def _for_encoder(text: str) -> str:
    """The clause as the encoder should see it: quoted text stands as a neutral token."""
    return PLACEHOLDER.sub('"..."', text)


def _rules_are_exact(clauses: Sequence[Clause], steps: Sequence[Step], origins: Mapping[str, int],
                     language: str) -> bool:
    """Where the rules' plan stands whatever the learned stage says: a bare take-back ("scratch that", "아니다
    취소": nothing is left to shape), and an edit that points back at the picture just made ("draw a tower and
    make it taller": the rules wired it). Talk, any other self-correction and an edit the rules inferred without
    such a pointer ("two separate drawings: ..., one ...") are the heads' to weigh; the rules' plan and talk
    gates are their features."""
    if any(clause.correction == "cancel" for clause in clauses):
        return True
    return any(step.tool == "image" and isinstance(step.args.get("source"), dict) and "$ref" in step.args["source"]
               and (position := origins.get(step.id)) is not None
               and has_reference_cue(clauses[position].text, language) for step in steps)


def _asked_for(steps: Sequence[Step], origins: Mapping[str, int], clauses: Sequence[Clause],
               analyses: Sequence[ClauseAnalysis], masked: MaskedText, language: str) -> frozenset[str]:
    """Steps the words ask for exactly, which the learned stage keeps: a voice line of quoted words,
    and the first step of each clause that says outright to make something of one medium ("make
    another one with a whale", "대장장이 아바타 만들어줘"; not "a video flying through the dungeon")."""
    kept: dict[int, str] = {}
    said = _READS_OUT.search(masked.text)
    quoted = {step.id for step in steps if step.tool == "speech" and isinstance(step.args.get("text"), str)
              and (any(quote in step.args["text"] for quote in masked.quotes)
                   or (said is not None and step.args["text"] in masked.text[said.end():]))}
    first: dict[int, Step] = {}
    for step in steps:
        position = origins.get(step.id)
        if position is not None and analyses[position].talk_reason is None:
            first.setdefault(position, step)
    for position in sorted(first, reverse=True):
        step, text = first[position], clauses[position].text.strip()
        media = {tool for tool, score in analyses[position].lexical.items() if score > 0}
        if "?" in text or not media <= {step.tool}:
            continue
        ordered = (_KO_ASKS_TO_MAKE if language == "ko" else _EN_ASKS_TO_MAKE).search(text)
        # "숲 파노라마, 사슴 그림 만들어줘": the order after a list holds for every item of it
        listed = (bool(media) and not analyses[position].creation and not _ENDS_A_SENTENCE.search(text)
                  and position + 1 in kept
                  and clauses[position + 1].link == "and" and first[position + 1].tool != step.tool)
        if ordered or listed:
            kept[position] = step.id
    return frozenset(kept.values()) | quoted


# An order to make something: the verb first (after "so", "then", "please", ...), or in Korean a making verb
# with a request ending; not a question, and not "I'm making a game" (context, not a request).
_EN_ASKS_TO_MAKE = re.compile(
    r"(?:^|\b(?:so|and|then|now|also|please|pls|just|ok|okay)\s+)(?:make|create|generate|build|render|design|"
    r"produce|craft|draw|paint|sketch|model|animate|record|narrate|transcribe|read|say|speak)\b", re.IGNORECASE)
_ENDS_A_SENTENCE = re.compile(r"(?:[.!?]|[요다죠네])$")
_KO_ASKS_TO_MAKE = re.compile(r"(?:만들|생성|제작|그려|그리|뽑아|녹음|받아\s*적)\S*\s*(?:줘|줘요|주세요|주실래요|줄래|줄래요|"
                              r"주십시오|주시겠어요)[.!~ㅎㅋ\s]*$")


_EN_PICTURE_VERB = re.compile(r"\b(?:draw|paint|sketch\s+(?:a|an|me|the)|illustrate|turn|convert|restyle|recolou?r)\b",
                              re.IGNORECASE)


# The picture that came with the request, named without a file name ("use this portrait", "이 사진이랑").
_THE_PICTURE_GIVEN = re.compile(
    r"\b(?:this|the\s+attached|the\s+uploaded|my\s+attached|my\s+uploaded)\s+(?:portrait|photo|picture|pic|image|headshot|selfie)\b"
    r"|(?:^|\s)(?:이|첨부한|올린|보낸|업로드한)\s*(?:사진|초상화|이미지|그림|얼굴\s*사진)", re.IGNORECASE)


def _hands_over_a_picture(text: str, language: str, ctx: PlanContext) -> bool:
    """Whether a clause only presents an attached picture it names ("take the photo cat.jpg", "use
    knight.png as the face", "general.png 초상화를 얼굴로 써 주세요"): no verb that makes or changes a
    picture, so it asks for no step (docs/plan-conventions.md rule 2: files are inputs)."""
    if not any(a.kind == "image" for a in ctx.attachments):
        return False
    if not any(kind == "image" for _, kind in named_files(text)) and not _THE_PICTURE_GIVEN.search(text):
        return False
    if lx.names_edit(text, language):
        return False
    if language == "ko":
        return not lx.KO_MAKE.search(text)
    return not (lx.EN_MAKE.search(text) or _EN_PICTURE_VERB.search(text))


def _stand_in(index: int, kind: str) -> Artifact:
    """An upload record of ``kind`` (no file): what a corpus line says came with the request."""
    return Artifact(id=f"upload-{index}", kind=kind, path=Path(f"upload-{index}.{kind}"),
                    mime="application/octet-stream", sha256="0" * 64, meta={"source": "upload"})


def _only_known(spec: ToolSpec, args: dict[str, Any]) -> dict[str, Any]:
    """Drop arguments that an installed tool's input schema does not declare (extra="forbid")."""
    properties = spec.input_schema.get("properties") if spec.input_schema else None
    if not properties:
        return args
    return {key: value for key, value in args.items() if key in properties}


def plan_text(text: str, planner: EmbeddedPlanner | None = None, ctx: PlanContext | None = None) -> Plan:
    """Convenience for scripts: plan one text with a lexicon-only planner unless one is given."""
    planner = planner or EmbeddedPlanner()
    return planner.plan_sync(Request(text=text), ctx or PlanContext())


__all__ = ["EmbeddedPlanner", "plan_text"]
