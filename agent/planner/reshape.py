"""Applying the learned stage's decision (:class:`agent.planner.learned.PlanShape`) to the rules' plan.

Steps of a tool beyond the predicted count are dropped (those wired to no kept step first, then
the latest, with the edges into them); missing ones are added with the arguments a step factory fills from the request (the
slot rules, on the clause that names the tool best); then edges are removed or added until
each producer → consumer type has the predicted number. A new edge goes to the first consumer
still lacking an input from that tool, from the producer at the same rank when there are as
many producers as consumers ("a sword and a shield, then 3D models of both"), else from the
nearest earlier producer that feeds the fewest steps. A step left without an input it cannot
run without (a voice line with neither words nor a script) is dropped. Ids are renumbered
``s1, s2, ...`` with producers first.

Where the heads and the rules disagree, :func:`arbitrate` decides which count to plan.

This module does not shape the features, so it is not part of the weights' cache key.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from agent.planner.base import PlanContext
from agent.planner.learned import EDGE_CLASSES, TOOL_CLASSES, PlanShape, plan_counts
from agent.planner.references import content_words, has_reference_cue
from agent.planner.renumber import renamed_refs
from agent.planner.segment import MaskedText
from agent.text import detect_language
from agent.tool import ToolSpec
from agent.types import Step, refs_in

# How much surer (in probability) a head must be of its count than of the rules' count to overrule them (0.2: with
# the talk head, 0.4 kept counts the heads had right on the seen sets planner_fresh5-8; see README).
TRUST_MARGIN = 0.2
# A tool the rules did not plan at all needs more: no word of the request made the rules route a clause to it.
ADD_MARGIN = 0.4

# A step factory: (tool, index among the added steps of that tool) -> arguments, or None when
# the request holds nothing such a step could run on.
StepFactory = Callable[[str, int], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Cues:
    """What the words of the request say exactly, which the heads' counts must agree with: a *new* face is
    asked for a talking head (an ``image`` step feeds it) and a line is given for it (a ``speech`` step feeds
    it; docs/plan-conventions.md rule 3); more than one of something is asked for (a number, "each",
    "두 개", two files named: rule 10) -- without it the heads add no second step of a tool the rules planned."""

    new_face: bool = False
    quoted_line: bool = False
    several: bool = True


def arbitrate(steps: Sequence[Step], shape: PlanShape, margin: float | None = None,
              kept: frozenset[str] = frozenset(), cues: Cues = Cues()) -> PlanShape:
    """The counts to plan: a head's count where it is surer of it than of the rules' count by
    ``margin``, else the rules' count (the rules are exact on the wordings they were written for;
    the heads on the rest). A head that has no probabilities decides alone. The steps in ``kept``
    (and those bound to a file given or speaking literal words) stay: a head may add to them, not
    take them away."""
    margin = TRUST_MARGIN if margin is None else margin
    if not shape.probabilities:
        return shape
    rule_tools, rule_edges = plan_counts(steps)

    def pick(head: str, predicted: int, rule: int) -> int:
        if predicted == rule:
            return rule
        if head not in shape.probabilities:
            return rule  # a tool or edge type the corpus never showed: the rules decide
        needed = max(margin, ADD_MARGIN) if head.startswith("tool:") and not rule else margin
        return predicted if shape.chance(head, predicted) >= shape.chance(head, rule) + needed else rule

    tools = {tool: pick(f"tool:{tool}", shape.tools.get(tool, 0), rule_tools[tool])
             for tool in set(shape.tools) | set(rule_tools)}
    if not cues.several:  # "animate it, a victory dance would be great" is one clip, however sure the heads are
        tools = {tool: min(count, max(rule_tools[tool], 1)) if rule_tools[tool] else count for tool, count in tools.items()}
    for tool, count in _protected(steps, kept).items():
        tools[tool] = max(tools[tool], count)  # the rules are exact on files given and words quoted: those steps stay
    # where a step stayed against the heads, their edges did not count on it: the rules' edges of it stand
    overruled = {tool for tool, count in tools.items() if count > shape.tools.get(tool, 0)}
    edges = {}
    talking = {("image", "avatar"), ("speech", "avatar")} if "avatar" in overruled else set()
    for edge in set(shape.edges) | set(rule_edges) | talking:
        producer, consumer = edge
        most = tools.get(producer, 0) - 1 if producer == consumer else tools.get(producer, 0) * tools.get(consumer, 0)
        count = pick(f"edge:{producer}>{consumer}", shape.edges.get(edge, 0), rule_edges[edge])
        if overruled & {producer, consumer} and producer != consumer:
            # (an edge between two steps of one tool -- "continue this clip" or "another clip" -- is the heads' call)
            count = max(count, rule_edges[edge])
        if edge in talking:
            count = max(count, 1)  # rule 3: a talking head takes the face and the voice line the plan makes
        edges[edge] = min(count, max(most, 0))
    if tools.get("avatar", 0) >= 1:  # rule 3 on the words: a new face is drawn, a quoted line is voiced, both feed the head
        for tool, wanted in (("image", cues.new_face), ("speech", cues.quoted_line)):
            if wanted:
                tools[tool] = max(tools.get(tool, 0), 1)
                edges[(tool, "avatar")] = max(edges.get((tool, "avatar"), 0), 1)
    return PlanShape({t: n for t, n in tools.items() if n}, {e: n for e, n in edges.items() if n}, shape.probabilities)


def _protected(steps: Sequence[Step], kept: frozenset[str]) -> Counter[str]:
    """How many steps of each tool stay whatever the heads say: those in ``kept``, and one per file given for each
    tool bound to it (rule 2: a file is an input; two transcriptions of one recording, or two models of one
    photo, are one step the file asks for and one the rules read twice into the words)."""
    protected: Counter[str] = Counter(step.tool for step in steps if step.id in kept)
    uploads = {(step.tool, _uploads(step)) for step in steps if step.id not in kept and _uses_an_upload(step)}
    protected.update(tool for tool, _ in uploads)
    return protected


def _uploads(step: Step) -> frozenset[str]:
    return frozenset(ref["$artifact"] for value in step.args.values() for ref in refs_in(value) if "$artifact" in ref)


def _uses_an_upload(step: Step) -> bool:
    return any("$artifact" in ref for value in step.args.values() for ref in refs_in(value))


def realize(steps: Sequence[Step], shape: PlanShape, specs: Mapping[str, ToolSpec], make: StepFactory,
            runnable: Callable[[str, dict[str, Any]], bool]) -> list[Step]:
    """The rules' ``steps`` changed to have ``shape``'s tool counts and edges.

    Tools the shape names that are not installed are left out; a step whose inputs end up
    missing (``runnable`` false: a voice line with neither words nor a script) is dropped.
    Ids are renumbered ``s1, s2, ...`` in an order where producers come first."""
    work = [_Node(step.id, step.tool, dict(step.args), list(dict.fromkeys(step.depends_on))) for step in steps]
    # 1. tool counts
    for tool in sorted(set(shape.tools) | {node.tool for node in work}):
        have = [node for node in work if node.tool == tool]
        want = shape.tools.get(tool, 0) if tool in specs else len(have)
        if want == TOOL_CLASSES - 1:  # the top class is "this many or more": the rules may have counted more
            want = max(want, len(have))
        # the steps wired to another step stay first ("I want my villain in 3D. First draw him, then make a 3D
        # model from that drawing": the model the drawing feeds, not the one the wish before it named), then the earliest
        # (wired to a step of a tool the plan keeps: a video the heads drop holds no picture in place)
        kept_tools = {name for name in {node.tool for node in work} if shape.tools.get(name, 0) or name not in specs}
        wired = {dep for node in work if node.tool in kept_tools for dep in node.depends_on} | {
            node.id for node in work if any(_node(work, dep).tool in kept_tools for dep in node.depends_on)}
        staying = sorted(have, key=lambda node: (node.id not in wired, have.index(node)))[:want]
        for node in [node for node in have if node not in staying][::-1]:
            _remove(work, node)
        for index in range(max(0, want - len(have))):
            args = make(tool, index)
            if args is not None:
                work.append(_Node(f"n{len(work) + 1}_{tool}_{index}", tool, args, []))
    _one_line_each(work)
    # 2. edges
    present = Counter((_node(work, dep).tool, node.tool) for node in work for dep in node.depends_on)
    wanted = {edge: max(count, present[edge]) if count == EDGE_CLASSES - 1 else count
              for edge, count in shape.edges.items()}
    for (producer, consumer), count in sorted(present.items()):
        extra = count - wanted.get((producer, consumer), 0)
        for node in [n for n in work if n.tool == consumer][::-1]:
            if extra <= 0:
                break
            for dep in list(node.depends_on)[::-1]:
                if extra > 0 and _node(work, dep).tool == producer:
                    _unlink(node, dep)
                    extra -= 1
    for (producer, consumer), count in sorted(wanted.items()):
        missing = count - sum(1 for n in work if n.tool == consumer for d in n.depends_on
                              if _node(work, d).tool == producer)
        for _ in range(missing):
            if not _link_one(work, producer, consumer, specs):
                break
    # 3. inputs that are gone, order, ids
    while (stuck := next((n for n in work if not runnable(n.tool, n.args)), None)) is not None:
        _remove(work, stuck)
    return _renumber(work, specs)


def _one_line_each(work: list[_Node]) -> None:
    """A voice line that an added step now speaks is no longer read by the step that held several lines."""
    for node in work:
        text = node.args.get("text")
        if node.tool not in ("speech", "avatar") or not isinstance(text, str):
            continue
        for other in work:
            line = other.args.get("text")
            if other is not node and other.tool == "speech" and isinstance(line, str) and line and line != text and line in text:
                text = " ".join(text.replace(line, " ").split())
        node.args["text"] = text or node.args["text"]


@dataclass
class _Node:
    id: str
    tool: str
    args: dict[str, Any]
    depends_on: list[str]


def _node(work: Sequence[_Node], ident: str) -> _Node:
    return next(node for node in work if node.id == ident)


def _remove(work: list[_Node], gone: _Node) -> None:
    work.remove(gone)
    for node in work:
        if gone.id in node.depends_on:
            _unlink(node, gone.id)


def _unlink(node: _Node, ident: str) -> None:
    node.depends_on = [dep for dep in node.depends_on if dep != ident]
    for name, value in list(node.args.items()):
        if any(ref.get("$ref") == ident for ref in refs_in(value)):
            del node.args[name]


def _link_one(work: list[_Node], producer: str, consumer: str, specs: Mapping[str, ToolSpec]) -> bool:
    """Add one ``producer → consumer`` edge: the first consumer without an input from that tool,
    fed by the producer at its rank or the nearest before it; ``False`` when none fits (or the
    installed consumer takes nothing the producer makes)."""
    spec, made = specs.get(consumer), specs.get(producer)
    if spec is None or made is None or not any(set(kinds) & set(made.produces) for kinds in spec.consumes.values()):
        return False
    consumers = [node for node in work if node.tool == consumer]
    producers = [node for node in work if node.tool == producer]
    positions = {node.id: index for index, node in enumerate(work)}
    fed = lambda node: {_node(work, d).tool for d in node.depends_on}  # noqa: E731
    for target in sorted(consumers, key=lambda n: (producer in fed(n), positions[n.id])):
        candidates = [p for p in producers if p is not target and p.id not in target.depends_on
                      and not _reaches(work, target.id, p) and not _other_subject(p, target)]
        if not candidates:
            continue
        used = Counter(dep for node in work for dep in node.depends_on)
        before = [p for p in candidates if positions[p.id] < positions[target.id]]
        paired = producers[consumers.index(target)] if len(producers) == len(consumers) else None
        if producer != consumer and paired is not None and paired in candidates:
            source = paired  # "a sword and a shield, then 3D models of both": the i-th feeds the i-th
        else:
            source = min(before or candidates, key=lambda p: (used[p.id] if producer != consumer else 0,
                                                               abs(positions[target.id] - positions[p.id])))
        _bind(target, source, spec, made)
        return True
    return False


def _other_subject(producer: _Node, consumer: _Node) -> bool:
    """Whether a 3D model names a subject of its own that the picture does not show ("성 그림, 그리고
    기사 3D 모델": a castle picture and a knight model): the rules read the subjects exactly, so the
    heads do not wire the one into the other."""
    if consumer.tool != "mesh":
        return False
    made, wanted = producer.args.get("prompt"), consumer.args.get("prompt")
    if not isinstance(made, str) or not isinstance(wanted, str) or not made.strip() or not wanted.strip():
        return False
    language = detect_language(f"{made} {wanted}")
    if has_reference_cue(wanted, language):
        return False
    mine, theirs = content_words(wanted, language), content_words(made, language)
    return bool(mine) and bool(theirs) and not mine & theirs


def _reaches(work: Sequence[_Node], start: str, node: _Node) -> bool:
    """Whether ``node`` already depends (transitively) on ``start`` (an edge back would be a cycle)."""
    stack, seen = list(node.depends_on), set()
    while stack:
        ident = stack.pop()
        if ident == start:
            return True
        if ident not in seen:
            seen.add(ident)
            stack.extend(_node(work, ident).depends_on)
    return False


def _bind(target: _Node, source: _Node, spec: ToolSpec, made: ToolSpec) -> None:
    """``target`` takes ``source``'s result in the argument made for it (kept as a bare dependency
    when that argument already holds another step's result: a slideshow of three pictures)."""
    target.depends_on.append(source.id)
    for name, kinds in spec.consumes.items():
        if set(kinds) & set(made.produces):
            current = target.args.get(name)
            if current is None or (isinstance(current, dict) and "$artifact" in current):
                target.args[name] = {"$ref": source.id}
                if name == "script" or (target.tool == "avatar" and name == "audio"):
                    target.args.pop("text", None)  # the words are the transcript's, or the voice step's
                return


def _renumber(work: list[_Node], specs: Mapping[str, ToolSpec]) -> list[Step]:
    order: list[_Node] = []
    placed: set[str] = set()
    pending = list(work)
    while pending:  # stable topological order: the first step whose inputs are all placed
        ready = next((node for node in pending if all(dep in placed for dep in node.depends_on)), pending[0])
        pending.remove(ready)
        order.append(ready)
        placed.add(ready.id)
    names = {node.id: f"s{index}" for index, node in enumerate(order, start=1)}
    return [Step(id=names[node.id], tool=node.tool, args=renamed_refs(node.args, names),
                 depends_on=[names[dep] for dep in node.depends_on if dep in names]) for node in order]



def runnable(tool: str, args: Mapping[str, Any]) -> bool:
    """Whether a step has the input it cannot run without: a recording to transcribe, words (or a
    script) to speak. An avatar with nothing to say yet is kept (the conventions count it)."""
    if tool == "transcribe":
        return "audio" in args
    if tool == "speech":
        return bool(args.get("text")) or "script" in args
    return True


def step_factory(steps: Sequence[Step], lexical: Sequence[Mapping[str, float]], masked: MaskedText,
                 ctx: PlanContext, arguments: Callable[[str, int], dict[str, Any]],
                 finish: Callable[[str, int, dict[str, Any]], dict[str, Any]]) -> StepFactory:
    """Arguments for the steps the heads add, from the request: the slot rules on the clause whose
    lexicon names the tool best (``arguments(tool, clause index)``, then ``finish``), a quote no
    step speaks yet for a voice line or talking head, an upload no step uses for a transcription."""
    # a quote some step already carries (a voice line's words, a logo's lettering in a prompt) is taken
    # (of a text that holds several, only the first: "two lines, 'a' and 'b'" read as one are two voice lines)
    used_quotes: set[str] = set()
    for step in steps:
        for value in step.args.values():
            held = [quote for quote in masked.quotes if isinstance(value, str) and quote in value]
            used_quotes.update(held[:1] if step.tool in ("speech", "avatar") else held)
    # a talking head's line, which a voice step added before it speaks instead (speech → avatar)
    spoken_by_avatar = [step.args["text"] for step in steps if step.tool == "avatar" and step.args.get("text")]
    used_uploads = {ref.get("$artifact") for step in steps for value in step.args.values() for ref in refs_in(value)}

    def make(tool: str, index: int) -> dict[str, Any] | None:
        ranked = sorted(range(len(lexical)), key=lambda i: -lexical[i].get(tool, 0.0))
        named = [i for i in ranked if lexical[i].get(tool, 0.0) > 0]
        if tool == "image" and not named:  # the face of a talking head: the clause that asks for the head describes it
            named = [i for i in ranked if lexical[i].get("avatar", 0.0) > 0]
        pick = named[index % len(named)] if named else (ranked[0] if ranked else None)
        if pick is None:
            return None
        args = arguments(tool, pick)
        if tool in ("speech", "avatar"):
            # only words the user quoted: an added voice line never reads out the request itself
            args.pop("text", None)
            args.pop("language", None)
            free = [quote for quote in masked.quotes if quote not in used_quotes]
            if not free and tool == "speech" and spoken_by_avatar:
                free = [spoken_by_avatar.pop(0)]
            if free:
                args["text"] = free[0]
                args["language"] = detect_language(free[0])
                used_quotes.add(free[0])
        if tool == "transcribe":
            audio = next((a for a in (*ctx.attachments, *reversed(ctx.recent_artifacts))
                          if a.kind in ("audio", "video") and a.id not in used_uploads), None)
            if audio is None:
                return None
            used_uploads.add(audio.id)
            args["audio"] = {"$artifact": audio.id}
        return finish(tool, pick, args)

    return make


__all__ = ["Cues", "StepFactory", "arbitrate", "realize", "runnable", "step_factory"]
