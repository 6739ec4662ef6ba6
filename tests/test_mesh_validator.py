"""Every GLB the mesh tool writes passes the Khronos glTF Validator with no errors or warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
import trimesh

from tools.scene.compose import compose_scene
from tools.scene.export import write_glb
from tools.scene.objects import OBJECT_KINDS
from tools.scene.prompt import ObjectRequest, ParsedPrompt, parse_prompt

from gltf_check import assert_valid, validator_or_skip


def test_at_least_forty_kinds_in_every_family() -> None:
    assert len(OBJECT_KINDS) >= 40
    families = {kind.category for kind in OBJECT_KINDS.values()}
    assert {"furniture", "buildings", "vegetation", "terrain", "props", "containers", "weapons", "vehicles",
            "creatures", "characters"} <= families
    for kind in OBJECT_KINDS.values():
        assert any(not word.isascii() for word in kind.words), f"{kind.name} has no Korean word"


def test_every_kind_and_style_and_scene_is_validator_clean(tmp_path: Path) -> None:
    validator_or_skip()
    paths = []
    for name in sorted(OBJECT_KINDS):
        composed = compose_scene(ParsedPrompt(objects=[ObjectRequest(kind=name, noun=name)]), seed=3)
        paths.append(tmp_path / f"{name}.glb")
        write_glb(composed.scene, paths[-1])
    for index, (text, style) in enumerate([
        ("a table with four chairs around it and a lamp on the table", None),
        ("작은 나무 오두막 옆에 로우폴리 소나무", None),
        ("a red car behind a house, a dog and a spaceship", "greybox"),
        ("a forest of five trees next to a hill", "high poly"),
        ("three golden swords, a glass bottle and a marble vase in a row", "low poly"),
        ("a rusted sedan, a mossy stone well and three barrels stacked by a door", None),  # weathering patches
        ("a knight holding a sword and a sword stuck in a stone", None),
    ]):
        composed = compose_scene(parse_prompt(text, style=style), seed=index)
        paths.append(tmp_path / f"scene_{index}.glb")
        write_glb(composed.scene, paths[-1])
    reports = assert_valid(paths)
    assert len(reports) == len(paths)
    for path in paths:  # and trimesh opens each one
        assert len(trimesh.load(path).geometry) > 0


def test_the_check_catches_a_broken_file(tmp_path: Path) -> None:
    validator_or_skip()
    good = tmp_path / "good.glb"
    write_glb(compose_scene(parse_prompt("a chair"), seed=1).scene, good)
    broken = tmp_path / "broken.glb"
    data = bytearray(good.read_bytes())
    data[-40:] = b"\x00" * 40  # clobber the end of the binary chunk's index data
    data[12:16] = (len(data) * 2).to_bytes(4, "little")  # and lie about the JSON chunk length
    broken.write_bytes(bytes(data))
    with pytest.raises(AssertionError):
        assert_valid([broken])
