"""Modal usaha: an exact rupiah amount, and the business scale it gives.

PP 7/2021 ps. 35 sets the scale by capital excluding land and buildings: micro up to Rp1
billion, small above 1 up to 5 billion, medium above 5 up to 10 billion, large above 10 billion.
OSS's UMK registration is for micro and small businesses. Amounts are read with lokal-id's
``parse_rupiah`` (``750.000.000``, ``Rp 750 juta``, ``1,5 miliar``); an approximate amount
(``sekitar 2 juta``) or a negative one is not accepted.

>>> validate("Rp 1,5 miliar"), scale(1_500_000_000)
(1500000000, 'kecil')
>>> format("750 juta")
'Rp750.000.000'
>>> is_valid("sekitar 2 juta")
False
"""

from __future__ import annotations

from core.lokal_parts import format_rupiah, parse_rupiah
from validators._problems import Problem, passes, raise_first, text

FORMAT = "capital.format"
SCALES: tuple[tuple[int | None, str, str], ...] = (
    (1_000_000_000, "mikro", "micro"),
    (5_000_000_000, "kecil", "small"),
    (10_000_000_000, "menengah", "medium"),
    (None, "besar", "large"),
)
"""Upper bound (inclusive), name in Bahasa Indonesia and in English (PP 7/2021 ps. 35)."""
UMK_LIMIT = 5_000_000_000


def compact(value: object) -> str:
    """The amount as typed, stripped."""
    return text(value, FORMAT)


def _amount(typed: str) -> int | None:
    if not typed.isascii() or typed.startswith("-") or not any(c.isdigit() for c in typed):
        return None
    parsed = parse_rupiah(typed)
    if parsed is None or parsed.approximate or parsed.amount != int(parsed.amount):
        return None
    return int(parsed.amount)


def problems(value: object, *, field: str = "Modal usaha") -> list[Problem]:
    """Whether ``value`` is an exact, non-negative amount."""
    typed = compact(value)
    if _amount(typed) is None:
        return [Problem(FORMAT, "format", {"value": typed[:40], "field": field})]
    return []


def validate(value: object) -> int:
    """The amount in rupiah; raises when it is not an exact, non-negative amount."""
    raise_first(problems(value))
    amount = _amount(compact(value))
    if amount is None:  # pragma: no cover - problems() rejected it
        raise ValueError(value)
    return amount


def is_valid(value: object) -> bool:
    """Whether ``value`` is an exact rupiah amount (never raises)."""
    return passes(lambda v: validate(v) >= 0, value)  # 0 is a valid amount/count


def format(value: object) -> str:
    """``Rp750.000.000``."""
    return format_rupiah(validate(value))


def scale(amount: int) -> str:
    """``mikro``, ``kecil``, ``menengah`` or ``besar`` for capital ``amount``."""
    return scale_names(amount)[0]


def scale_names(amount: int) -> tuple[str, str]:
    """The scale of ``amount`` in Bahasa Indonesia and English."""
    for limit, name_id, name_en in SCALES:
        if limit is None or amount <= limit:
            return name_id, name_en
    raise AssertionError("unreachable")  # pragma: no cover
