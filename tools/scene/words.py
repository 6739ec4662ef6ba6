"""What the player hears about the scene language's limits (the tools' ``ToolResult.notes``),
in English and Korean: the technical line with node names and backends stays in ``detail``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.text import has_hangul, with_particle
from agent.types import Words

if TYPE_CHECKING:
    from tools.scene.scene import Scene


def scene_notes(scene: "Scene | None") -> list[Words]:
    """What was not built as asked (a stand-in kind, or a noun left out), as the player hears it."""
    if scene is None:
        return []
    from tools.scene.objects import OBJECT_KINDS

    def korean_name(kind: str) -> str:
        words = OBJECT_KINDS[kind].words if kind in OBJECT_KINDS else ()
        return next((w for w in words if has_hangul(w)), kind.replace("_", " "))

    notes = [Words(en=f"I don't have a “{item['word']}” model yet, so I used a {item['kind'].replace('_', ' ')} instead.",
                   ko=f"아직 “{item['word']}” 모델이 없어서 {with_particle(korean_name(item['kind']), '으로', '로')} 대신했어요.")
             for item in scene.parsed.substitutions]
    notes += [Words(en=f"I don't have a “{word}” model yet, so I left it out.",
                    ko=f"아직 “{word}” 모델이 없어서 빼고 만들었어요.") for word in scene.parsed.unmatched]
    return notes
