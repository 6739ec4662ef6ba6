"""Rule 10 of docs/plan-conventions.md where the words say how many results of one medium they want.

"need two different walk cycles: one limping walk and one drunk stumble", "Two skyboxes please: a frozen
tundra, and a neon city", "스카이박스 두 개 따로: 사막, 설원": the number stands before (English) or after
(Korean, with its counter) a word that names the medium, so the plan holds that many steps of the tool, each
drawn from its item of the list when the list has as many items. The clause splitter reads such a list as one
subject and the learned heads rarely see a count for the medium the number names, so both planned one step.

Copies asked as a count stay one step (rule 10: "three chairs", "그림 세 장", "4 variations"): for the tools
that take a ``count`` (image, mesh) the words must also say the results are apart ("separate", "different",
"따로", "별도", "하나는 …"). A step that something else depends on is left as it is (which copy would feed it
is not said).
"""

from __future__ import annotations

import re
from typing import Sequence

from agent.planner import lexicon as lx
from agent.planner.renumber import renumbered
from agent.types import Step

_COUNT_TOOLS = frozenset({"image", "mesh"})  # N of them in one breath are one step with a count (rule 10)
_PROMPT_TOOLS = frozenset({"image", "panorama", "video", "mesh", "motion", "level"})
_NUMBERS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4, "두": 2, "세": 3, "네": 4}
_EN_STATED = re.compile(
    r"\b(two|three|four|[234])\s+((?:(?:different|separate|distinct|unrelated|new|short|standalone|individual|more)"
    r"\s+){0,2}[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*)?)", re.IGNORECASE)
_KO_STATED = re.compile(r"(\S+)\s*(두|세|네|[234])\s*(?:개|편|가지|종|줄)(?!\s*(?:씩|더))")
# A number of units is a setting, not a count of results ("a 2 minute video", "두 개 층"): "3 jumps" is how a clip
# moves, so a count of motion clips must name the clip ("two walk cycles", "모션 두 개").
_UNIT = re.compile(r"^(?:min(?:ute)?s?|sec(?:ond)?s?|hours?|frames?|fps|times?|steps?|seconds?|x|k|px|meters?|"
                   r"rooms?|floors?|keys?|doors?|levels?\s+deep)\b", re.IGNORECASE)
_CLIP = re.compile(r"\b(?:cycles?|clips?|anims?|animations?|motions?|loops?|moves?)\b|모션|애니메이션|동작", re.IGNORECASE)
_EN_APART = re.compile(r"\b(?:separate(?:ly)?|different|distinct|unrelated|individual(?:ly)?|each)\b", re.IGNORECASE)
_KO_APART = re.compile(r"따로|별도|별개|각각|서로\s*다른|하나는")
_EN_ITEM_SPLIT = re.compile(r"\s*(?:,\s*and\b|;|,|\band\b)\s*", re.IGNORECASE)
_EN_ITEM_LEAD = re.compile(r"^(?:(?:the\s+)?(?:one|other(?:\s+one)?|another|a|an)\b\s*(?:is\s+|for\s+|of\s+)?)+",
                           re.IGNORECASE)
_KO_ITEM_SPLIT = re.compile(r"\s*(?:,|/)\s*|\s*(?:다른\s*)?하나는\s*")


def stated_counts(text: str, language: str) -> dict[str, int]:
    """How many results of each medium the words state ("two walk cycles" -> ``{"motion": 2}``); a number
    whose words name no tool, or more than one, states nothing."""
    counts: dict[str, int] = {}
    pattern = _KO_STATED if language == "ko" else _EN_STATED
    for match in pattern.finditer(text):
        if language == "ko":
            phrase, number = match.group(1), match.group(2)
        else:
            number, phrase = match.group(1), match.group(2)
        head = re.sub(r"^(?:(?:different|separate|distinct|unrelated|new|short|standalone|individual|more)\s+)+", "",
                      phrase, flags=re.IGNORECASE)
        tools = lx.tool_scores(phrase, language)
        if _UNIT.match(head) or ("motion" in tools and not _CLIP.search(phrase)):
            continue
        if len(tools) == 1:
            tool = next(iter(tools))
            counts[tool] = max(counts.get(tool, 0), _NUMBERS[number.lower()])
    return counts


def listed_items(text: str, language: str) -> list[str]:
    """The items listed after the first colon ("...: one limping walk and one drunk stumble"), or after each
    하나는 in Korean; ``[]`` when nothing is listed."""
    if language == "ko":
        span = text.split(":", 1)[1] if ":" in text else (text[text.index("하나는"):] if "하나는" in text else "")
        span = re.split(r"[.!?\n]", span)[0] if ":" in text else span
        parts = _KO_ITEM_SPLIT.split(span)
        return [part.strip(" .") for part in parts if part.strip(" .")]
    if ":" not in text:
        return []
    span = re.split(r"[.!?\n]", text.split(":", 1)[1])[0]
    items = [_EN_ITEM_LEAD.sub("", part.strip(" .")).strip() for part in _EN_ITEM_SPLIT.split(span)]
    return [item for item in items if item]


def plan_stated_counts(steps: Sequence[Step], text: str, language: str) -> list[Step]:
    """``steps`` with one step of a medium made as many as the words state (see the module doc); ids are
    renumbered ``s1, s2, ...`` when steps were added."""
    out = list(steps)
    apart = bool((_KO_APART if language == "ko" else _EN_APART).search(text))
    for tool, wanted in stated_counts(text, language).items():
        mine = [step for step in out if step.tool == tool]
        if tool not in _PROMPT_TOOLS or len(mine) != 1 or wanted < 2:
            continue
        step = mine[0]
        if (tool in _COUNT_TOOLS and not apart) or any(step.id in other.depends_on for other in out):
            continue
        items = listed_items(text, language)
        args = {key: value for key, value in step.args.items() if key != "count"}
        copies = [step.model_copy(update={"id": f"{step.id}.{n}",
                                          "args": {**args, "prompt": items[n]} if len(items) == wanted else dict(args)})
                  for n in range(wanted)]
        position = out.index(step)
        out[position:position + 1] = copies
    return renumbered(out) if len(out) != len(steps) else list(steps)


__all__ = ["listed_items", "plan_stated_counts", "stated_counts"]
