"""Workforce counts (tenaga kerja, by sex): whole numbers, 0 or more.

``3``, ``3 orang`` and ``1.200`` (dot thousands) are counts; ``2,5``, ``-1`` or words are not.

>>> validate("12 orang"), is_valid("2,5")
(12, False)
"""

from __future__ import annotations

import re

from validators._problems import Problem, passes, raise_first, text

FORMAT = "workforce.format"
_COUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:\s*orang)?", re.IGNORECASE)


def compact(value: object) -> str:
    """The count as typed, stripped."""
    return text(value, FORMAT)


def problems(value: object) -> list[Problem]:
    """Whether ``value`` is a non-negative whole number."""
    typed = compact(value)
    if _COUNT.fullmatch(typed) is None or not typed.isascii():
        return [Problem(FORMAT, "format", {"value": typed[:40]})]
    return []


def validate(value: object) -> int:
    """The count; raises when it is not a non-negative whole number."""
    raise_first(problems(value))
    m = _COUNT.fullmatch(compact(value))
    if m is None:  # pragma: no cover - problems() rejected it
        raise ValueError(value)
    return int(m.group(1).replace(".", ""))


def is_valid(value: object) -> bool:
    """Whether ``value`` is a count (never raises)."""
    return passes(lambda v: validate(v) >= 0, value)  # 0 is a valid amount/count


def format(value: object) -> str:
    """The count as plain digits."""
    return str(validate(value))
