"""How a clause relates to the clauses before it in the same request, beyond its own cues.

The router decides each clause alone; these rules look at what the request has planned so far:

- **edits** ("draw a logo, then edit it to add a santa hat", "거기에 눈 좀 더해서 수정해줘"):
  a change to something that exists re-makes it with the tool that makes its kind from a
  source of the same kind (an image from an image);
- **a model performing** ("make a 3D robot and let it perform a victory routine"): "it" doing a
  named move after a model was built is a motion on that model;
- **list continuation** ("make a 3D sword, then a shield"): a bare noun phrase after "then"
  is one more thing of the same medium;
- **elaboration** ("animate this picture, make the clouds drift slowly"): a clause with no tool
  cue whose subject is definite (a part of what is being made) adds to the last step's prompt;
- **corrections** ("… actually no, make it a phoenix"): what a correction replaces and with what
  (the embedded planner applies it; see ``EmbeddedPlanner._correct``).
"""

from __future__ import annotations

import re
from typing import Sequence

from agent.planner import lexicon as lx
from agent.planner.base import PlanContext
from agent.planner.references import PlannedStep, has_reference_cue, named_kind
from agent.planner.routing import ClauseAnalysis, Route
from agent.planner.segment import Clause
from agent.types import Step

OWN_MEDIUM_SCORE = 3.0  # a lexicon score that names a medium or a tool's typical verb

EDIT_REASON = "edit of an earlier result"

_DEFINITE_PART = re.compile(r"\b(?:the|its|his|her|their)\s+\w", re.IGNORECASE)
_DEFINITE_SUBJECT = re.compile(r"^(?:the|its|his|her|their)\s+\w", re.IGNORECASE)
_EN_IT_PERFORMS = re.compile(r"\b(?:make|have|let|get|watch)\s+(?:it|this|that)\s+(?:do|perform|try|pull\s+off|bust\s+out)\s+"
                             r"(?:a|an|some|the|its|one|two|three|\d+)\b", re.IGNORECASE)
# "비보이 3D 모델 만들고 헤드스핀 시켜 주세요": a move the model just made is made to do (a motion, rule 5)
_KO_IT_PERFORMS = re.compile(r"^\S+(?:\s+\S+)?\s*시켜\s*(?:줘|줘요|주세요|주실래요|줄래|봐)[.!~\s]*$")
_BARE_NEW_ITEM = re.compile(r"^(?:a|an|another|some|one|two|three|four|five)\s+\w", re.IGNORECASE)
_EN_REPLACED_THING = re.compile(r"^(?:(?:the|that|this|my)\s+(?:[\w-]+\s+){0,2}?)(?=(?:an?|some|the)\s)", re.IGNORECASE)
_KO_NOT_THIS = re.compile(r"^.*?\s*말고\s+")
TRANSCRIPT_WORDS = re.compile(r"\b(?:transcripts?|transcription|the\s+text|what\s+(?:it|they|he|she)\s+says?)\b|"
                              r"내용|텍스트|받아\s*쓴|받아\s*적은|적은\s*(?:거|것|걸)|글", re.IGNORECASE)


def is_edit(route: Route) -> bool:
    """Whether ``reroute`` made this route an edit."""
    return route.reason == EDIT_REASON


def reroute(clause: Clause, analysis: ClauseAnalysis, route: Route, planned: Sequence[PlannedStep],
            language: str, ctx: PlanContext) -> Route:
    """The clause's route once the steps planned before it are known (edits, a model
    performing, list continuation); the router's own route when none of them applies."""
    edited = _edit_route(clause, analysis, route, planned, language, ctx)
    if edited is not route:
        return edited
    if (route.tool in (None, "image") and not route.reason.startswith("lexicon")
            and planned and planned[-1].tool == "mesh"
            and (_KO_IT_PERFORMS if language == "ko" else _EN_IT_PERFORMS).search(clause.text)):
        return Route("motion", "the model just made performs a move", route.lexical, route.similarity)
    if route.tool is None and planned and _continues_list(clause, analysis, language):
        return Route(planned[-1].tool, "same medium as the clause before", route.lexical, route.similarity)
    return route


def _edit_route(clause: Clause, analysis: ClauseAnalysis, route: Route, planned: Sequence[PlannedStep],
                language: str, ctx: PlanContext) -> Route:
    """An edit of something that exists re-makes it with the tool that made its kind from a
    source of the same kind; a clause that names its own medium keeps its route."""
    if (analysis.talk_reason is not None or route.reason.startswith("lexicon")
            or max(analysis.lexical.values(), default=0.0) >= OWN_MEDIUM_SCORE
            or not lx.names_edit(clause.text, language)):
        return route
    cue = has_reference_cue(clause.text, language)
    # Korean has no articles: an edit verb right after a step edits it; English says "it" or
    # names a part of it ("add some snow on the roof")
    follows = (clause.link == "chain" or (language == "ko" and clause.link in ("and", "then"))
               or bool(_DEFINITE_PART.search(clause.text)))
    if not (cue or follows):
        return route
    if planned:
        hint = named_kind(clause.text, language)
        fitting = [step for step in reversed(planned) if hint is None or hint in step.produces] or list(reversed(planned))
        kinds = [fitting[0].produces[0]]
    else:  # an upload, else the newest result of an earlier turn that can be edited
        kinds = list(dict.fromkeys(a.kind for a in (*reversed(ctx.attachments), *reversed(ctx.recent_artifacts))))
    for kind in kinds:
        for name, spec in ctx.tools.items():
            # the remaking tool takes that kind first: avatar's audio argument also takes a video
            # (for its sound track), which does not make avatar a video editor
            if spec.produces and spec.produces[0] == kind and any(accepted[0] == kind for accepted in spec.consumes.values()):
                return Route(name, EDIT_REASON, route.lexical, route.similarity)
    return route


def _continues_list(clause: Clause, analysis: ClauseAnalysis, language: str) -> bool:
    """A bare noun phrase after "then"/"next" names one more thing of the same kind."""
    return (language == "en" and clause.link == "then" and not analysis.lexical and analysis.talk_reason is None
            and clause.correction is None and bool(_BARE_NEW_ITEM.match(clause.text)))


def elaborates(clause: Clause, analysis: ClauseAnalysis, route: Route, language: str) -> bool:
    """Whether a clause only says more about the step before it: no cue of any tool, a creation
    verb routed only by similarity, and a definite subject, i.e. a part of what is being made
    ("draw a house, make the door red"; "animate this picture, make the clouds drift")."""
    return (language == "en" and route.tool is not None and not analysis.lexical and clause.correction is None
            and clause.link in ("and", "then") and not is_edit(route)
            and bool(_DEFINITE_SUBJECT.match(analysis.subject)))


# What a result is for or how light it must be, said after it ("모바일 게임에 바로 쓸 수 있게 가볍게 만들어줘요",
# "keep it light so it runs on mobile"): a manner of the step before, not one more result.
# "보물방 2개, 보스방 1개 있게요": what the result must hold, said after it, is a manner of it too.
_KO_PURPOSE = re.compile(r"수\s*있(?:게|도록)|있도록|(?:쓸|쓰일|사용할|활용할)\s*(?:용도|목적)|있게(?:요|끔|해\S*)?[\s.!~]*$")
_EN_PURPOSE = re.compile(r"\bso\s+(?:that\s+)?(?:it|they|we|i|players?)\s+(?:can\s+|will\s+|could\s+)?"
                         r"(?:runs?|works?|loads?|fits?|use\s+it|be\s+used)\b|\b\w+\s+enough\s+(?:for|to\s+run)\b",
                         re.IGNORECASE)


def states_purpose(clause: Clause, analysis: ClauseAnalysis, language: str) -> bool:
    """Whether a clause after a step only says what that result is for or how it must be made
    (no medium of its own, no correction, no talk): its words go to the step before."""
    if clause.correction is not None or analysis.talk_reason is not None or clause.link == "start":
        return False
    purpose = _KO_PURPOSE if language == "ko" else _EN_PURPOSE
    # "so it runs on mobile" names no motion: the medium must be named outside the purpose
    return bool(purpose.search(clause.text)) and not lx.names_medium(purpose.sub(" ", clause.text), language)


def extend_prompt(steps: list[Step], planned: list[PlannedStep], detail: str) -> None:
    """Add ``detail`` to the prompt of the last step."""
    last = steps[-1]
    prompt = last.args.get("prompt")
    if not isinstance(prompt, str):
        return
    steps[-1] = last.model_copy(update={"args": {**last.args, "prompt": f"{prompt}, {detail}"}})
    planned[-1].prompt = f"{prompt}, {detail}"


def replacement(subject: str, language: str) -> str:
    """What a correction asks for instead: "the shield a helmet" -> "a helmet"; "용 말고 불사조" -> "불사조"."""
    pattern = _KO_NOT_THIS if language == "ko" else _EN_REPLACED_THING
    return pattern.sub("", subject, count=1).strip() or subject


def drop_from(steps: list[Step], planned: list[PlannedStep], starts: list[int], cut: int) -> None:
    """Take back every step from index ``cut`` on (only later steps can depend on them)."""
    del steps[cut:]
    del planned[cut:]
    while starts and starts[-1] >= cut:
        starts.pop()
