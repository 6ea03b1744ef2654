"""The desk's page strings are part of the one message table (``core.messages``), both languages."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from core.desk_text import DESK
from core.messages import FILE_MESSAGES, MESSAGES, text

REVIEW = Path(__file__).resolve().parents[2] / "review"


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def test_the_desk_table_is_merged_without_sharing_a_key() -> None:
    assert not set(DESK) & set(FILE_MESSAGES)
    assert set(MESSAGES) == set(DESK) | set(FILE_MESSAGES)


@pytest.mark.parametrize("key", sorted(DESK))
def test_every_desk_key_has_both_languages_with_the_same_fields(key: str) -> None:
    indonesian, english = MESSAGES[key]
    assert indonesian.strip() and english.strip()
    assert _fields(indonesian) == _fields(english)
    assert all(f.isidentifier() for f in _fields(indonesian))  # named fields only


def test_every_key_the_desk_code_looks_up_is_in_the_table() -> None:
    used = set()
    for path in REVIEW.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "text" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                used.add(node.args[0].value)
    assert used and used <= set(MESSAGES)


def test_one_lookup_for_both_languages() -> None:
    assert text("nav.queue", "id") == "Antrian" and text("nav.queue", "en") == "Queue"
    assert text("queue.page", "en", n=3) == "page 3"
    assert text("case.title", "fr", id="AB") == "Kasus AB"  # an unknown language: Indonesian
    with pytest.raises(KeyError):
        text("nav.nope", "id")
