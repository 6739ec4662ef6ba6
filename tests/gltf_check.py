"""Run the Khronos glTF Validator (npm ``gltf-validator``) from tests, via tests/gltf_validate.mjs.

`make setup` installs the package into ``.node/`` (``npm install --prefix .node``). Tests that
need it skip with the reason when node or the package is missing, and fail on any error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "gltf_validate.mjs"
MODULES = Path(os.environ.get("GLTF_VALIDATOR_MODULES", ROOT / ".node" / "node_modules"))


def validator_or_skip() -> str:
    """The node executable, or a pytest skip that says what to install."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Khronos glTF Validator runs on Node.js (apt install nodejs)")
    if not (MODULES / "gltf-validator" / "package.json").is_file():
        pytest.skip(f"the npm package gltf-validator is not in {MODULES}: run `make setup` "
                    "(npm install --no-save --prefix .node gltf-validator)")
    return node


def validate(paths: list[Path]) -> list[dict]:
    """One report per file: {"path", "errors", "warnings", "infos", "hints", "issues"}."""
    node = validator_or_skip()
    out = subprocess.run([node, str(SCRIPT), *map(str, paths)], capture_output=True, text=True, check=True,
                         env={**os.environ, "GLTF_VALIDATOR_MODULES": str(MODULES)}, timeout=120)
    return json.loads(out.stdout)


def assert_valid(paths: list[Path]) -> list[dict]:
    """Fail with the validator's messages when any file has an error or a warning."""
    reports = validate(paths)
    bad = [report for report in reports if report["errors"] or report["warnings"]]
    assert not bad, json.dumps(bad, indent=1)[:4000]
    return reports
