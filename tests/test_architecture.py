"""The floors of the house (ARCHITECTURE.md): no import circles, and a kernel that imports no
outer package. Read from source, so lazy imports count too."""

from __future__ import annotations

from import_graph import cycles, import_graph

OUTER = ("persona", "memory", "ui", "bench")
COMPOSITION_ROOT = "agent.app"  # builds the product from all packages; the rest of agent/ is the kernel


def test_no_import_circles() -> None:
    assert cycles(import_graph()) == []


def test_kernel_imports_no_outer_package() -> None:
    arrows = sorted(
        f"{source} -> {target}"
        for source, targets in import_graph().items()
        if source.split(".")[0] == "agent" and not (source == COMPOSITION_ROOT or source.startswith(COMPOSITION_ROOT + "."))
        for target in targets
        if target.split(".")[0] in OUTER
    )
    assert arrows == []


def test_tools_import_no_outer_package() -> None:
    arrows = sorted(f"{source} -> {target}" for source, targets in import_graph().items()
                    if source.split(".")[0] == "tools" for target in targets if target.split(".")[0] in OUTER)
    assert arrows == []
