"""The ``level`` tool: a procedural game level from English or Korean words, checked for
playability before it is returned.

Kinds: dungeon (BSP rooms and corridors), cave (cellular automata), overworld (wave function
collapse over terrain tiles) and platformer (a side-view strip within the jump's reach). The
words set the size, room count, special rooms (start, boss, treasure, shop), locks and keys,
enemy and item density, theme and seed (:mod:`tools.level.params`); explicit arguments win.

Outputs, main one first so a ``$ref`` from the video or mesh side picks it: the GLB blockout
(kind ``mesh``: floors, walls, doors, keys as named meshes, validator-clean), the PNG map
with a legend (``image``), the level JSON (``text``, schema ``tools/level/schema/
level.schema.json``) and a Tiled ``.tmj`` map (``text``) with its tileset strip. Every
artifact's ``meta.playability`` carries the checker's report.

Importing this module loads neither numpy, scipy, trimesh nor Pillow (house rule 1).
"""

from __future__ import annotations

import secrets
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.errors import AtelierError, BackendError
from agent.text import with_particle
from agent.tool import Tool, ToolContext
from agent.types import ToolResult, Words

Density = Literal["none", "few", "some", "many"]
KIND_WORDS_KO = {"dungeon": "던전", "cave": "동굴", "overworld": "월드 맵", "platformer": "플랫포머 스테이지"}


class LevelInput(BaseModel):
    """Arguments of the level tool (also the JSON schema planners see)."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=2000, description='what level to make, e.g. "a 64x64 swamp dungeon '
                        'with 8 rooms, a boss room and two keys", "열쇠 두 개랑 잠긴 문이 있는 동굴 맵"')
    kind: Literal["dungeon", "cave", "overworld", "platformer"] | None = Field(
        default=None, description="default: from the words, else dungeon")
    width: int | None = Field(default=None, ge=1, le=4096, description="tiles across")
    height: int | None = Field(default=None, ge=1, le=4096, description="tiles down (platformer: rows)")
    rooms: int | None = Field(default=None, ge=1, le=10000, description="dungeon rooms")
    keys: int | None = Field(default=None, ge=0, le=100, description="locked doors, each with its key")
    special: list[Literal["boss", "treasure", "shop"]] | None = Field(
        default=None, description="special rooms besides the start (the goal is the boss room, else an exit)")
    enemies: Density | None = None
    items: Density | None = None
    theme: str | None = Field(default=None, max_length=40, description="e.g. swamp, ice, lava, crypt, forest")
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    jump_height: int | None = Field(default=None, ge=1, le=64, description="platformer: tiles a jump rises")
    jump_length: int | None = Field(default=None, ge=1, le=64, description="platformer: tiles a jump crosses")
    tiled: bool = Field(default=True, description="also write a Tiled .tmj map")

    @field_validator("prompt")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the prompt is blank: say what level to make")
        return value.strip()


class LevelTool(Tool):
    """Procedural levels (dungeon, cave, overworld, platformer) with a playability check."""

    name = "level"
    description = ("a procedural game level from text: dungeon (rooms and corridors), cave, overworld tile map or "
                   "platformer stage, with size, rooms, boss/treasure/shop rooms, locks and keys, enemies, items, "
                   "theme and seed; checked for playability; outputs a GLB blockout, a PNG map, level JSON and a "
                   "Tiled .tmj map")
    Input = LevelInput
    consumes: dict[str, tuple[str, ...]] = {}
    produces = ("mesh", "image", "text")

    async def run(self, args: LevelInput, ctx: ToolContext) -> ToolResult:  # type: ignore[override]
        from tools.level.params import build_params

        ctx.progress(0.0, "reading the request")
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        params = build_params(args.prompt, kind=args.kind, width=args.width, height=args.height, rooms=args.rooms,
                              keys=args.keys, special=list(args.special) if args.special is not None else None,
                              enemies=args.enemies, items=args.items, theme=args.theme, seed=seed,
                              jump_height=args.jump_height, jump_length=args.jump_length)
        return await ctx.to_thread(self._make, args, params, ctx)

    def _make(self, args: LevelInput, params: Any, ctx: ToolContext) -> ToolResult:
        import time

        from tools.level.blockout import build_blockout, camera_route
        from tools.level.export_json import TILE_SIZE_M, write_level_json
        from tools.level.generate import make_level
        from tools.level.render_png import render_map
        from tools.level.tiled import write_tileset_png, write_tmj
        from tools.scene.export import write_glb

        started = time.perf_counter()
        level, verdict = make_level(params, progress=ctx.progress)
        generated_ms = (time.perf_counter() - started) * 1000
        stem = f"{params.theme}-{params.kind}"
        written = []
        try:
            ctx.progress(0.5, "building the blockout")
            scene, facts = build_blockout(level, tile_m=TILE_SIZE_M)
            glb = ctx.store.new_path(".glb", stem=stem)
            written.append(glb)
            write_glb(scene, glb)
            ctx.progress(0.7, "drawing the map")
            png = ctx.store.new_path(".png", stem=f"{stem}-map")
            written.append(png)
            map_size = render_map(level, verdict, png)
            ctx.progress(0.8, "writing the level JSON")
            doc = ctx.store.new_path(".json", stem=f"{stem}-level")
            written.append(doc)
            asked = {"kind": params.kind, "width": params.width, "height": params.height, "rooms": params.rooms,
                     "keys": params.keys, "special": list(params.special), "enemies": params.enemies,
                     "items": params.items, "theme": params.theme, "seed": params.seed, "words": params.words}
            if params.kind == "platformer":
                asked.update(jump_height=params.jump_height, jump_length=params.jump_length)
            write_level_json(level, verdict, doc, params=asked)
            tmj = tileset = None
            if args.tiled:
                tileset = ctx.store.new_path(".png", stem=f"{stem}-tileset")
                written.append(tileset)
                write_tileset_png(level, tileset)
                tmj = ctx.store.new_path(".tmj", stem=stem)
                written.append(tmj)
                write_tmj(level, tmj, tileset_image=tileset.name)
        except AtelierError:
            _remove(written)
            raise
        except Exception as exc:
            _remove(written)
            raise BackendError(f"writing the level failed: {type(exc).__name__}: {exc}") from exc
        ctx.progress(0.95, "storing the level")
        playability = verdict.report()
        base = {"prompt": args.prompt, "tool": "level", "backend": "embedded", "seed": params.seed,
                "step_id": ctx.step_id, "level_kind": params.kind, "view": level.view, "theme": params.theme,
                "grid_size": [level.width, level.height], **level.summary(), "playability": playability,
                "generate_ms": round(generated_ms, 2), "language": params.language}
        mesh_meta = {**base, **facts, "camera_path": camera_route(level, verdict.path, tile_m=TILE_SIZE_M),
                     "format": "glb", "role": "blockout"}
        artifacts = [ctx.store.add(glb, kind="mesh", meta=mesh_meta, mime="model/gltf-binary")]
        artifacts.append(ctx.store.add(png, kind="image", meta={**base, "format": "png", "role": "map",
                                                                 "width": map_size[0], "height": map_size[1]},
                                       mime="image/png"))
        artifacts.append(ctx.store.add(doc, kind="text", meta={**base, "format": "level-json", "role": "level",
                                                                "schema": "tools/level/schema/level.schema.json"},
                                       mime="application/json"))
        if tmj is not None and tileset is not None:
            tile_art = ctx.store.add(tileset, kind="image", meta={**base, "format": "png", "role": "tileset"},
                                     mime="image/png")
            artifacts.append(ctx.store.add(tmj, kind="text", meta={**base, "format": "tiled-tmj", "role": "tiled",
                                                                    "tileset": tile_art.id},
                                           mime="application/json"))
            artifacts.append(tile_art)
        ctx.progress(1.0, "done")
        return ToolResult(artifacts=artifacts, detail=_message(params, level, playability, tiled=tmj is not None),
                          summary=_said(params, level))


def _said(params: Any, level: Any) -> Words:
    """The player's words: what kind of level, its rooms and locks, and that it can be finished."""
    summary = level.summary()
    rooms, keys = summary["rooms"], summary["keys"]
    locks_en = f" and {keys} locked door{'s' if keys != 1 else ''}" if keys else ""
    locks_ko = f", 잠긴 문 {keys}개" if keys else ""
    return Words(en=f"Here's a {params.theme} {params.kind} with {rooms} room{'s' if rooms != 1 else ''}{locks_en}; "
                    "I played it through to make sure it can be finished.",
                 ko=f"방 {rooms}개{locks_ko}짜리 {with_particle(KIND_WORDS_KO[params.kind], '을', '를')} 만들었어요. 끝까지 갈 수 있는지 확인했어요.")


def _message(params: Any, level: Any, report: dict[str, Any], *, tiled: bool) -> str:
    summary = level.summary()
    if params.language == "ko":
        return (f"{level.width}×{level.height} {KIND_WORDS_KO[params.kind]}을 만들었어요 (방/구역 {summary['rooms']}개, "
                f"잠긴 문 {summary['keys']}개와 열쇠, 적 {summary['enemies']}, 아이템 {summary['items']}). 플레이 검사 통과: "
                f"시작에서 목표까지 {report['path_length']}칸, 열쇠는 모두 문보다 먼저, 막다른 곳 {report['dead_ends']}곳, "
                f"시도 {report['tries']}번. GLB 블록아웃, PNG 지도, 레벨 JSON" + (", Tiled 맵." if tiled else "."))
    keys = summary["keys"]
    return (f"Made a {level.width}×{level.height} {params.theme} {params.kind} ({summary['rooms']} rooms/areas, "
            f"{keys} locked door{'s' if keys != 1 else ''} with {'their keys' if keys != 1 else 'its key'}, "
            f"{summary['enemies']} enemies, {summary['items']} items). Playability check passed: the goal is "
            f"{report['path_length']} moves from the start, every key comes before its door, {report['dead_ends']} "
            f"dead ends, {report['tries']} tr{'ies' if report['tries'] != 1 else 'y'}. Files: GLB blockout, PNG map, "
            + ("level JSON and a Tiled map." if tiled else "and level JSON."))


def _remove(paths: list[Any]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
