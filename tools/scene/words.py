"""What the player hears about the scene language's limits (the tools' ``ToolResult.notes``),
in English and Korean: the technical line with node names and backends stays in ``detail``."""

from __future__ import annotations

from typing import Sequence

from agent.text import with_particle
from agent.types import Words


def unknown_note(nouns: Sequence[str]) -> Words:
    """A labelled box stood in for words the composer does not know ("spaceship")."""
    quoted = [f"“{noun}”" for noun in nouns]
    en = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    ko = ", ".join(quoted)
    return Words(en=f"I don't know how to make {en} yet, so a labelled box stands in for it.",
                 ko=f"{with_particle(ko, '은', '는')} 아직 만들 줄 몰라서 이름표를 붙인 상자로 대신했어요.")
