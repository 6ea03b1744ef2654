"""Numbers and dates as written in Indonesia, as the record keeps them, and as OSS takes them.

The record keeps what the readers produce: a decimal with a dot and no grouping (``1234.5``,
:func:`record_decimal`, as ``extractors.permit_values.area`` writes it) and ISO dates
(``1985-08-05``). A clerk types what the office writes: ``1.234,5``, ``120,5``, ``1.500``
(one thousand five hundred), ``05-08-1985``. The rules (one place, so the desk, the hand-off
and the readers agree):

* numbers: a comma is the decimal separator whenever there is one, and dots then group
  thousands (``1.234,5``); with dots only, a dot followed by exactly three digits groups
  thousands when every group after the first has three digits (``1.500``, ``12.345.678``), else
  it is the decimal point (``120.5``, ``1234.56``) — the record never holds three decimals, so
  its own values are never misread. Both separators with the dot last is the English way
  (``1,234.5``). Spaces group thousands too (``1 234,5``). No sign: areas and counts are not
  negative.
* dates: ISO ``YYYY-MM-DD``, or day first (``DD-MM-YYYY``, ``D/M/YYYY``, ``DD.MM.YYYY``) as
  Indonesians write them; never month first, never a two-digit year; it must be a calendar date.

>>> parse_decimal("1.234,5"), parse_decimal("1.500"), parse_decimal("120.50")
(Decimal('1234.5'), Decimal('1500'), Decimal('120.50'))
>>> record_decimal(Decimal("1234.50")), id_decimal(Decimal("1234.50"))
('1234.5', '1234,5')
>>> parse_date("5/8/1985"), parse_date("1985-08-05"), parse_date("31-02-2020")
(datetime.date(1985, 8, 5), datetime.date(1985, 8, 5), None)
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"^\d[\d.,]*$")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_decimal(text: str) -> Decimal | None:
    """A non-negative decimal written the Indonesian way, the English way, or the record's;
    ``None`` when ``text`` is not one number (``"1,2,3"``, ``"12 m²"``, ``"-4"``)."""
    compact = re.sub(r"[ \u00a0]", "", text.strip())
    if not _NUMBER.match(compact) or compact[-1] in ".,":
        return None
    commas, dots = compact.count(","), compact.count(".")
    if commas and dots:
        decimal_sep = "," if compact.rfind(",") > compact.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, frac = compact.rpartition(decimal_sep)
        grouped = rf"^\d{{1,3}}({re.escape(group_sep)}\d{{3}})*$"
        if decimal_sep in whole or not re.match(grouped, whole):
            return None
        number = whole.replace(group_sep, "") + "." + frac
    elif commas:
        if commas > 1:
            return None
        number = compact.replace(",", ".")
    elif dots > 1 or _GROUPED.match(compact):
        if not _GROUPED.match(compact):
            return None
        number = compact.replace(".", "")
    else:
        number = compact
    try:
        return Decimal(number)
    except InvalidOperation:  # pragma: no cover - the patterns above let only numbers through
        return None


def record_decimal(value: Decimal) -> str:
    """``value`` as the record keeps it: a dot, no grouping, no trailing zeros (``1234.5``)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def id_decimal(value: Decimal) -> str:
    """``value`` with a decimal comma, no grouping and no trailing zeros (``1234,5``, ``206``)."""
    return record_decimal(value).replace(".", ",")


def parse_date(text: str) -> date | None:
    """An ISO or day-first date (``1985-08-05``, ``05-08-1985``, ``5/8/1985``); ``None`` when
    ``text`` is neither or not a calendar date."""
    text = text.strip()
    if m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DAY_FIRST.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def id_date(value: date) -> str:
    """``DD-MM-YYYY``, the date as OSS's forms take it."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
