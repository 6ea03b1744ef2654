"""Exports of records in the order a clerk types them into the OSS form, and finding marks."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable

from core.models import Finding, Severity
from records.models import RECORD_FIELDS, OssRecord, RecordField

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?\d+(?:[.,]\d+)?"
_PLAIN_NUMBERS = re.compile(rf"{_NUMBER}(?:(?:\s*,\s*|\s+){_NUMBER})?")
"""A number, or a pair of them (a coordinate): digits and signs only, no formula possible."""


def safe_cell(value: object) -> object:
    """A value made safe for a spreadsheet cell (CSV or XLSX): never read as a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after any
    leading spaces) gets a ``'`` in front, the OWASP rule against formula injection
    (``=HYPERLINK(…)``, ``@SUM(…)``, ``\\t=1+1``). One exception, on purpose: a cell of signed
    numbers only (``-5``, ``-2.3357, 115.4696``: the coordinate of a business in Balangan,
    south of the equator) stays as it is. Made of digits, signs, dots and commas it can call
    no function (no ``HYPERLINK``, no DDE), and a prefix would make the clerk copy ``'-2.3357``
    into OSS. ``-1+1`` is not such a cell (``+`` inside) and is prefixed. Non-text values pass
    unchanged.

    >>> safe_cell('=1+1'), safe_cell('@SUM(1,2)'), safe_cell('-1+1'), safe_cell(' =A1')
    ("'=1+1", "'@SUM(1,2)", "'-1+1", "' =A1")
    >>> safe_cell('-5'), safe_cell('-2.335700, 115.469600'), safe_cell('JL. A-1')
    ('-5', '-2.335700, 115.469600', 'JL. A-1')
    """
    if not isinstance(value, str):
        return value
    head = value.lstrip(" ")
    if head.startswith(_FORMULA_START) and not _PLAIN_NUMBERS.fullmatch(head):
        return "'" + value
    return value


def safe_row(row: dict[str, object]) -> dict[str, object]:
    """Every cell of ``row`` through :func:`safe_cell` (for ``csv.DictWriter.writerow``)."""
    return {key: safe_cell(value) for key, value in row.items()}


def _concerns(finding: Finding, spec: RecordField) -> bool:
    if spec.name in finding.fields:
        return True
    return any(
        field in finding.fields and (not finding.doc_types or doc in finding.doc_types)
        for doc, field in spec.sources
    )


def field_marks(findings: Iterable[Finding]) -> dict[str, Severity]:
    """The worst finding severity that concerns each record field.

    A finding names document fields (``nik``, ``jenis_kelamin``…) and the documents they belong
    to; a record field is concerned when one of its sources is such a document field.
    """
    marks: dict[str, Severity] = {}
    for finding in findings:
        for spec in RECORD_FIELDS:
            current = marks.get(spec.name)
            if _concerns(finding, spec) and (
                current is None or _RANK[finding.severity] < _RANK[current]
            ):
                marks[spec.name] = finding.severity
    return marks


def record_row(case_id: str, record: OssRecord) -> dict[str, str]:
    """One flat row: the case id, then every record value in OSS form order."""
    row = {"case_id": case_id}
    row.update({spec.name: record.get(spec.name) or "" for spec in RECORD_FIELDS})
    return row


def to_csv(rows: list[dict[str, str]]) -> str:
    """Rows as CSV text (UTF-8, CRLF, header of record field names), every cell
    :func:`safe_cell`."""
    out = io.StringIO()
    fieldnames = ["case_id", *(spec.name for spec in RECORD_FIELDS)]
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\r\n")  # RFC 4180:
    # with a bare "\n" ending, a value holding "\r" is left unquoted and splits its row
    writer.writeheader()
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue()


def to_json(rows: list[dict[str, str]]) -> str:
    """Rows as a JSON array, keys in OSS form order."""
    return json.dumps(rows, ensure_ascii=False, indent=2)
