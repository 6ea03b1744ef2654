"""What number modules share: input coercion, the ``Problem`` record, findings from problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from core.models import DocType, Finding, Severity
from validators.codes import CODES, make_finding
from validators.exceptions import KINDS, InvalidFormat

_ASCII_DIGITS = re.compile(r"[0-9]+")


class Problem(NamedTuple):
    """One rule a number breaks: finding ``code``, exception ``kind``, template ``params``."""

    code: str
    kind: str
    params: dict[str, object]
    severity: Severity | None = None

    @property
    def level(self) -> Severity:
        """The effective severity (the code's default unless overridden)."""
        return self.severity or CODES[self.code].severity


def text(number: object, code: str) -> str:
    """``number`` as a stripped ``str``; anything else raises :class:`InvalidFormat`."""
    if not isinstance(number, str):
        raise InvalidFormat(code, value=repr(number)[:40])
    return number.strip()


def compact_digits(number: object, code: str, separators: str = " .-/") -> str:
    """Remove ``separators``; raise :class:`InvalidFormat` unless only ASCII digits remain."""
    value = text(number, code)
    if value.isdigit() and value.isascii():  # already compact: the common case
        return value
    for sep in separators:
        value = value.replace(sep, "")
    if not _ASCII_DIGITS.fullmatch(value):
        raise InvalidFormat(code, value=value[:40])
    return value


def passes(validate: Callable[[object], str], number: object) -> bool:
    """Whether ``validate(number)`` accepts the number: the shared ``is_valid`` (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def raise_first(problems: list[Problem]) -> None:
    """Raise the exception of the first error-level problem, if any."""
    for p in problems:
        if p.level is Severity.ERROR:
            raise KINDS[p.kind](p.code, **p.params)


def to_findings(problems: list[Problem], fields: list[str],
                doc_types: list[DocType] | list[str]) -> list[Finding]:
    """One finding per problem, all naming ``fields`` of ``doc_types``."""
    return [make_finding(p.code, fields=fields, doc_types=doc_types, severity=p.severity,
                         **p.params) for p in problems]
