"""One message system: every message (files, store, the desk's pages) comes from ``core.messages``
in both languages."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from core.messages import MESSAGES, file_error, text
from core.settings import get_settings
from extractors.load import iter_pages
from records.errors import CaseNotFoundError, ConflictError, StoreError

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "extractors", "validators", "records", "flows", "review", "samples")
STORE_ERRORS = {"StoreError", "CaseNotFoundError", "ConflictError"}
KEYED_CALLS = {"file_error", "StoreError", "text"}


def _modules() -> list[Path]:
    return [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))
            if "migrations" not in p.parts]


def _calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)]


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else None)


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_file_and_store_errors_are_built_from_the_table() -> None:
    """No ``FileError(...)`` outside ``core.messages`` (use ``file_error``), no store error
    raised with a sentence instead of a key of the table."""
    found = []
    for path in _modules():
        rel = path.relative_to(ROOT).as_posix()
        for call in _calls(path):
            name = _name(call)
            where = f"{rel}:{call.lineno}"
            if name == "FileError" and rel != "core/messages.py":
                found.append(f"{where}: FileError(...) — use core.messages.file_error")
            if name in STORE_ERRORS and call.args and _is_text(call.args[0]):
                key = call.args[0]
                if not (isinstance(key, ast.Constant) and key.value in MESSAGES):
                    found.append(f"{where}: {name}({ast.unparse(key)[:40]}) — not a message key")
    assert found == []


def test_every_key_used_is_in_the_table() -> None:
    used = set()
    for path in _modules():
        for call in _calls(path):
            if _name(call) in KEYED_CALLS and call.args and isinstance(call.args[0], ast.Constant):
                key = call.args[0].value
                if isinstance(key, str) and "." in key and " " not in key:
                    used.add((key, f"{path.relative_to(ROOT)}:{call.lineno}"))
    missing = [f"{where}: {key}" for key, where in sorted(used) if key not in MESSAGES]
    assert missing == []


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_name_the_same_fields(key: str) -> None:
    fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in MESSAGES[key]]
    assert fields[0] == fields[1], key
    assert all(t.strip() for t in MESSAGES[key])


def test_file_errors_follow_intake_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "kosong.jpg"
    empty.write_bytes(b"")
    assert [e.message for e in iter_pages(empty)] == ["kosong.jpg: berkas kosong (0 byte)."]
    monkeypatch.setenv("INTAKE_LANG", "en")
    get_settings.cache_clear()
    try:
        assert [e.message for e in iter_pages(empty)] == [
            "kosong.jpg: the file is empty (0 bytes)."]
        assert [e.code for e in iter_pages(empty)] == ["file.empty"]
        assert str(CaseNotFoundError("AB12")) == "Case AB12 does not exist."
        assert "reload" in str(ConflictError("AB12", 3, 4))
    finally:
        get_settings.cache_clear()


def test_a_store_error_keeps_its_code_and_both_texts() -> None:
    e = StoreError("store.unknown_status", status="x", choices="a, b")
    assert e.code == "store.unknown_status"
    assert e.message("id") == "Status 'x' tidak dikenal; pilih a, b."
    assert e.message("en") == "Unknown status 'x'; choose a, b."
    assert text("file.corrupt:page", "en", name="a.pdf", page=2, detail="x") == \
        "a.pdf: page 2 cannot be read (x)."
    assert file_error("file.corrupt:page", "/x/a.pdf", 2, detail="x").code == "file.corrupt"
