"""The LLM planner's prompt: tool catalogue (names, descriptions, JSON schemas from the
registry), rules of the plan format, few-shot exemplars in English and Korean, and the turn's
context (uploads and earlier artifacts that ``$artifact`` may name).

The system prompt and exemplars depend only on the tool specs, so they are built once per
set of specs and reused (planner overhead must stay a few milliseconds).
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from agent.tool import ToolSpec
from agent.types import Artifact

_DROP_KEYS = frozenset({"title", "examples"})

RULES = """You are the planner of Atelier, a studio that makes digital assets with tools.
Turn the user's request into a plan: a JSON object, and nothing else (no prose, no code fences):
{"language": "<ISO code of the user's language: en, ko, ...>",
 "steps": [{"id": "s1", "tool": "<tool name>", "args": {...}, "depends_on": []}, ...]}

Rules:
- One step per thing to make, in the order the user asked. Ids are "s1", "s2", ... in order.
- Use only the tools listed below, with arguments from their JSON schema. Keep each prompt short and
  concrete (subject, style, colour) in the user's own language.
- To use what an earlier step makes, put {"$ref": "sN"} in an artifact argument (marked "artifact" in
  the schema, with the kinds it accepts) and list "sN" in depends_on. The earlier step must make one
  of those kinds. Never make a step depend on itself or on a later step in a loop.
- To use an upload or an earlier result named in the context, put {"$artifact": "<its id>"}.
- If the user only talks (greets, asks a question, chats), answer {"language": "..", "steps": []}.
  Never invent steps the user did not ask for.
- For character motion you may write a motion script (a list of primitives) in the motion tool's
  "script" argument instead of, or besides, a prompt."""


def compact_schema(spec: ToolSpec) -> dict[str, Any]:
    """The tool's input schema as the LLM should see it: no titles, nullable types folded,
    artifact arguments replaced by a reference description with the kinds they accept."""
    schema = dict(spec.input_schema) if spec.input_schema else {
        "type": "object", "properties": {"prompt": {"type": "string", "description": "what to make"}}}
    properties = dict(schema.get("properties", {}))
    for name, kinds in spec.consumes.items():
        properties[name] = {"artifact": list(kinds),
                            "description": f'{{"$ref": "sN"}} or {{"$artifact": "id"}}; kind {" or ".join(kinds)}'}
    schema["properties"] = properties
    still_used = "#/$defs/Artifact" in json.dumps(properties)  # an artifact field not declared in consumes
    defs = {k: v for k, v in schema.get("$defs", {}).items() if k != "Artifact" or still_used}
    schema = {k: v for k, v in schema.items() if k != "$defs"}
    if defs:
        schema["$defs"] = defs
    return _clean(schema)


def _clean(node: Any) -> Any:
    if isinstance(node, list):
        return [_clean(item) for item in node]
    if not isinstance(node, dict):
        return node
    any_of = node.get("anyOf")
    if isinstance(any_of, list) and len(any_of) == 2 and {"type": "null"} in any_of:
        inner = next(item for item in any_of if item != {"type": "null"})
        return _clean({**{k: v for k, v in node.items() if k != "anyOf"}, **inner})
    cleaned: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP_KEYS or (key == "default" and value is None):
            continue
        if key in ("properties", "$defs") and isinstance(value, dict):  # keys here are names, not keywords
            cleaned[key] = {name: _clean(item) for name, item in value.items()}
        else:
            cleaned[key] = _clean(value)
    return cleaned


def tool_catalogue(specs: Mapping[str, ToolSpec]) -> str:
    """One block per tool: name, what it makes, description, argument schema."""
    blocks = []
    for name in sorted(specs):
        spec = specs[name]
        schema = json.dumps(compact_schema(spec), ensure_ascii=False, separators=(",", ":"))
        blocks.append(f"## {name}\nmakes: {', '.join(spec.produces)}\n{spec.description}\nargs schema: {schema}")
    return "\n\n".join(blocks)


def system_prompt(specs: Mapping[str, ToolSpec]) -> str:
    return RULES + "\n\n# Tools\n\n" + tool_catalogue(specs)


# (request, context lines, plan). Tools that a given installation lacks drop their exemplars.
EXEMPLARS: tuple[tuple[str, tuple[str, ...], dict[str, Any]], ...] = (
    ("make a wooden chair in 3D, then a short video turning around it", (),
     {"language": "en", "steps": [
         {"id": "s1", "tool": "mesh", "args": {"prompt": "a wooden chair"}, "depends_on": []},
         {"id": "s2", "tool": "video", "args": {"prompt": "turntable around the chair", "source": {"$ref": "s1"}},
          "depends_on": ["s1"]}]}),
    ("빨간 용 그림 그려줘", (),
     {"language": "ko", "steps": [{"id": "s1", "tool": "image", "args": {"prompt": "빨간 용"}, "depends_on": []}]}),
    ("make a 3D knight, then have him wave twice with his right hand and jump", (),
     {"language": "en", "steps": [
         {"id": "s1", "tool": "mesh", "args": {"prompt": "a knight"}, "depends_on": []},
         {"id": "s2", "tool": "motion", "args": {
             "prompt": "wave twice with the right hand, then jump", "character": {"$ref": "s1"},
             "script": [{"action": "wave", "times": 2, "hand": "right"}, {"action": "jump"}]},
          "depends_on": ["s1"]}]}),
    ("아까 만든 고양이 그림으로 영상 만들어 줘", ('a_1f3c image "고양이"',),
     {"language": "ko", "steps": [
         {"id": "s1", "tool": "video", "args": {"prompt": "고양이", "source": {"$artifact": "a_1f3c"}},
          "depends_on": []}]}),
    ("hi! what's your favourite colour?", (), {"language": "en", "steps": []}),
    ("고마워, 정말 멋지다!", (), {"language": "ko", "steps": []}),
)


def exemplar_messages(specs: Mapping[str, ToolSpec]) -> list[dict[str, str]]:
    """Few-shot user/assistant pairs whose tools all exist in ``specs``."""
    messages: list[dict[str, str]] = []
    for text, context, plan in EXEMPLARS:
        if any(step["tool"] not in specs for step in plan["steps"]):
            continue
        messages.append({"role": "user", "content": user_message(text, context)})
        messages.append({"role": "assistant", "content": json.dumps(plan, ensure_ascii=False)})
    return messages


CONVERSATION_LINES = 6


def user_message(text: str, context: Sequence[str] = (), conversation: Sequence[Mapping[str, str]] = ()) -> str:
    """The request, with the artifacts it may refer to and the conversation's last lines (what "it"
    was last said of) first."""
    said = "".join(f"- {m.get('role')}: {' '.join(str(m.get('content', '')).split())[:200]}\n"
                   for m in list(conversation)[-CONVERSATION_LINES:])
    lead = f"Conversation so far (what \"it\" or \"that\" refers to):\n{said}" if said else ""
    if context:
        lead += "Artifacts you may reference with $artifact:\n" + "".join(f"- {line}\n" for line in context)
    return f"{lead}Request: {text}"


def context_lines(attachments: Sequence[Artifact], recent: Sequence[Artifact], limit: int = 12) -> list[str]:
    """``id kind "prompt"`` for uploads (marked) and the newest earlier results."""
    lines = [f'{a.id} {a.kind} (uploaded with this request) "{_prompt_of(a)}"' for a in attachments]
    for artifact in list(recent)[-limit:]:
        lines.append(f'{artifact.id} {artifact.kind} "{_prompt_of(artifact)}"')
    return lines


def _prompt_of(artifact: Artifact) -> str:
    prompt = artifact.meta.get("prompt") or artifact.meta.get("text") or artifact.path.name
    return " ".join(str(prompt).split())[:120]


def repair_message(error: str) -> str:
    return (f"That answer is not a valid plan: {error}\n"
            "Reply with the corrected plan as one JSON object only, following the rules and tool schemas.")
