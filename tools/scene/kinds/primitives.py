"""Primitives, 1 m in size, so they double as measuring blocks and greybox stand-ins."""

from __future__ import annotations

from tools.scene import shapes
from tools.scene.parts import Look, Part, object_kind


@object_kind("cube", material="plastic", category="primitives", words=("block", "정육면체", "큐브"))
def build_cube(look: Look) -> list[Part]:
    return [Part("cube", shapes.box((1.0, 1.0, 1.0)), look.main)]


@object_kind("sphere", material="plastic", category="primitives", words=("ball", "orb", "공", "구", "구체"))
def build_sphere(look: Look) -> list[Part]:
    return [Part("sphere", shapes.sphere(0.5, subdivisions=look.subdivisions + 1), look.main)]


@object_kind("cylinder", material="plastic", category="primitives",
             words=("tube", "원기둥", "원통"))
def build_cylinder(look: Look) -> list[Part]:
    return [Part("cylinder", shapes.cylinder(0.5, 1.0, sections=look.sections + 12), look.main)]


@object_kind("cone", material="plastic", category="primitives", words=("원뿔", "원추"))
def build_cone(look: Look) -> list[Part]:
    return [Part("cone", shapes.cone(0.5, 1.0, sections=look.sections + 12), look.main)]
