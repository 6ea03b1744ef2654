"""Check records before they go into OSS: what OSS would reject, what a clerk should look at.

Pure functions over record values (no images): the number rules (NIK, NPWP, e-mail, mobile,
KBLI, postal code), NPWP16 = NIK for individuals, the fields an individual registration needs,
and duplicates within the batch (the same NIK or NPWP under different names).
"""

from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult

from pydantic import BaseModel, Field

from core.models import Finding, Severity
from records.tabular import InputRow
from validators import npwp as npwp_mod
from validators.check import findings_for
from validators.codes import make_finding
from validators.rules.names import compare

REQUIRED = ("nik", "nama", "npwp", "kbli")
"""Fields an individual OSS registration cannot do without (e-mail or mobile: one of them)."""
_NUMBERS = (("nik", "nik"), ("npwp", "npwp"), ("email", "email"), ("telepon", "phone"),
            ("kode_pos", "postal"))
_SPLIT = re.compile(r"[\s,;/]+")


class CheckedRow(BaseModel):
    """A record with its line in the input and every finding about it."""

    line: int
    values: dict[str, str | None]
    findings: list[Finding] = Field(default_factory=list)

    @property
    def worst(self) -> Severity | None:
        """The highest severity among the findings."""
        for level in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            if any(f.severity == level for f in self.findings):
                return level
        return None


def check_record(values: dict[str, str | None]) -> list[Finding]:
    """Every finding about one record's values."""
    found = [make_finding("record.required_missing", fields=[f], doc_types=[], field=f)
             for f in REQUIRED if not values.get(f)]
    if not values.get("email") and not values.get("telepon"):
        found.append(make_finding("record.required_missing", fields=["email", "telepon"],
                                  doc_types=[], field="email / telepon"))
    for field, kind in _NUMBERS:
        if values.get(field):
            found += findings_for(kind, str(values[field]))
    for code in _SPLIT.split(values.get("kbli") or ""):
        if code:
            found += findings_for("kbli", code)
    nik, number = _digits(values.get("nik")), _digits(values.get("npwp"))
    if len(nik) == 16 and len(number) == 16 and npwp_mod.kind(number) == "nik" and number != nik:
        found.append(make_finding("cross.npwp16_not_nik", fields=["nik", "npwp"], doc_types=[],
                                  npwp=number, ktp_nik=nik))
    return found


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


class _Seen:
    """First line and name of each NIK and NPWP in the batch."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], tuple[int, str]] = {}

    def check(self, line: int, values: dict[str, str | None]) -> list[Finding]:
        found = []
        name = values.get("nama") or ""
        for field in ("nik", "npwp"):
            value = _digits(values.get(field))
            if not value:
                continue
            first = self.ids.setdefault((field, value), (line, name))
            if first[0] != line and compare(first[1], name) == "other":
                found.append(make_finding(
                    "batch.duplicate_id", fields=[field], doc_types=[], field=field.upper(),
                    value=value, other_line=first[0], other_name=first[1]))
        return found


def _chunks(rows: Iterable[InputRow], size: int) -> Iterator[list[InputRow]]:
    it = iter(rows)
    while part := list(islice(it, size)):
        yield part


def _check_chunk(chunk: list[dict[str, str | None]]) -> list[list[Finding]]:
    return [check_record(values) for values in chunk]


def _record_findings(rows: Iterable[InputRow], workers: int,
                     chunk: int) -> Iterator[tuple[InputRow, list[Finding]]]:
    """Each row with its record findings; with ``workers`` > 1 the checks run in processes.

    At most ``2 × workers`` chunks are in flight, so memory stays bounded.
    """
    if workers <= 1:
        for row in rows:
            yield row, check_record(row.values)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pending: deque[tuple[list[InputRow], AsyncResult]] = deque()
        for part in _chunks(rows, chunk):
            values = [r.values for r in part]
            pending.append((part, pool.apply_async(_check_chunk, (values,))))
            if len(pending) >= 2 * workers:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)


def check_rows(rows: Iterable[InputRow], *, workers: int = 1,
               chunk: int = 2000) -> Iterator[CheckedRow]:
    """Each row checked, streamed in order; duplicates are found against the rows before it."""
    seen = _Seen()
    for row, found in _record_findings(rows, workers, chunk):
        findings = [*row.issues, *found, *seen.check(row.line, row.values)]
        yield CheckedRow(line=row.line, values=row.values, findings=findings)
