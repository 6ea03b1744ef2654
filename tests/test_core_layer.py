"""``core/`` is the ground floor: every layer imports it, it imports nothing of ours."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ("extractors", "validators", "records", "flows", "review", "samples", "bench")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return names


def test_core_imports_nothing_of_ours() -> None:
    wrong = {f"{p.relative_to(ROOT)}: {m}" for p in (ROOT / "core").rglob("*.py")
             for m in _imports(p) if m.split(".")[0] in OURS}
    assert wrong == set()


def test_every_layer_stands_on_core() -> None:
    for layer in ("extractors", "validators", "records", "samples"):
        used = {m for p in (ROOT / layer).rglob("*.py") for m in _imports(p)}
        assert any(m == "core" or m.startswith("core.") for m in used), layer
