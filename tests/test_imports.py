"""Data flows one way: article -> extract -> batch -> store (STYLE.md 8.1, issue 12).

An arrow never points backwards, even through an import made inside a function: a module
imports the stages before it, never those after. Read from the source (every `import`
statement, lazy ones included), so no import runs and no optional extra is needed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitrep"


def imported(module: str) -> set[str]:
    "Every sitrep module a module or package imports, at top level or inside a function."
    path = PACKAGE.joinpath(*module.split(".")[1:])
    files = sorted(path.glob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    found: set[str] = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return {name for name in found if name.startswith("sitrep.")}


def reaches(importer: str, target: str) -> bool:
    "Whether `importer` imports `target` or anything inside it."
    return any(n == target or n.startswith(target + ".") for n in imported(importer))


@pytest.mark.parametrize("later", [
    "sitrep.batch",
    "sitrep.ingest",
    "sitrep.store",
    "sitrep.reconcile",
    "sitrep.export",
    "sitrep.api",
    "sitrep.cli",
    "sitrep.notebook",
])  # fmt: skip
def test_extract_never_imports_a_later_stage(later: str) -> None:
    assert not reaches("sitrep.extract", later)


def test_batch_builds_on_extract() -> None:
    # The arrow batch -> extract is the one allowed: extract_batches runs extract_many.
    assert reaches("sitrep.batch", "sitrep.extract")
    assert not reaches("sitrep.extract", "sitrep.batch")
