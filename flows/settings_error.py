"""A wrong ``INTAKE_*`` setting as one clear line: the variable, its value, what is allowed."""

from __future__ import annotations

import os
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from core.settings import Settings

_KINDS: dict[type, tuple[str, str]] = {
    bool: ("true atau false", "true or false"),
    int: ("bilangan bulat", "a whole number"),
    float: ("angka", "a number"),
    Path: ("path folder atau berkas", "a folder or file path"),
    str: ("teks", "text"),
}


def _lang() -> str:
    """The language of the message: ``INTAKE_LANG`` as given (the settings did not parse)."""
    return "en" if os.environ.get("INTAKE_LANG", "").strip().lower() == "en" else "id"


def _allowed(name: str, en: bool) -> str:
    """What setting ``name`` takes, in words, with its default as an example."""
    field = Settings.model_fields.get(name)
    if field is None:
        return ""
    kinds = [a for a in _members(field.annotation) if a is not type(None)]
    literal = [str(v) for a in kinds if typing.get_origin(a) is Literal for v in typing.get_args(a)]
    if literal:
        return ("one of " if en else "salah satu dari ") + ", ".join(literal)
    words = [_KINDS[k][en] for k in kinds if k in _KINDS]
    text = (" or " if en else " atau ").join(words) or ("a valid value" if en else "nilai sah")
    default = field.default
    if default is not None and not isinstance(default, Path):
        shown = str(default).lower() if isinstance(default, bool) else default
        text += f" ({'default' if en else 'bawaan'}: {shown})"
    return text


def _members(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def explain(error: ValidationError) -> str:
    """One line naming each wrong variable, the value given and what is allowed.

    >>> from pydantic import ValidationError
    >>> try:
    ...     Settings(kbli_version="2019")
    ... except ValidationError as e:
    ...     print(explain(e))  # doctest: +ELLIPSIS
    Pengaturan tidak sah: INTAKE_KBLI_VERSION=2019 — harus salah satu dari 2020, 2025.
    """
    en = _lang() == "en"
    parts = []
    for e in error.errors():
        name = str(e["loc"][0]) if e["loc"] else ""
        given = str(e.get("input", ""))
        given = given if len(given) <= 40 else given[:37] + "…"
        must = _allowed(name, en)
        parts.append(f"INTAKE_{name.upper()}={given} — {'must be' if en else 'harus'} {must}"
                     if must else f"INTAKE_{name.upper()}={given}")
    head = "Invalid setting: " if en else "Pengaturan tidak sah: "
    return head + "; ".join(dict.fromkeys(parts)) + "."
