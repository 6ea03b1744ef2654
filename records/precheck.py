"""Check records before they go into OSS: what OSS would reject, what a clerk should look at.

Pure functions over record values (no images): the number rules (NIK, NPWP, e-mail, mobile,
KBLI, postal code), NPWP16 = NIK for individuals, the fields an individual registration needs,
and duplicates within the batch (the same NIK or NPWP under different names).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING, TypeVar

import phonenumbers
from pydantic import BaseModel, Field

from core.models import Finding, Severity
from records.tabular import InputRow, RawRow, row_values
from validators import npwp as npwp_mod
from validators.business import check_values
from validators.check import findings_for
from validators.codes import make_finding
from validators.rules.names import compare

if TYPE_CHECKING:
    from pathlib import Path

    from records.report import PrecheckSummary, Tally

T = TypeVar("T")
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
    refused: bool = False
    """The line could not be parsed as a record; ``findings`` holds the reason."""

    @property
    def worst(self) -> Severity | None:
        """The highest severity among the findings."""
        for level in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            if any(f.severity == level for f in self.findings):
                return level
        return None


def _required(field: str, shown: str | None = None) -> Finding:
    return _REQUIRED_FINDINGS.setdefault(shown or field, make_finding(
        "record.required_missing", fields=field.split("|"), doc_types=[], field=shown or field))


_REQUIRED_FINDINGS: dict[str, Finding] = {}
_REPEATED: dict[tuple[str, str], list[Finding]] = {}
"""Findings of values that repeat across a batch (postal codes, KBLI codes), by value."""
_VALID_DOMAINS: dict[str, list[Finding]] = {}
"""Findings of e-mail domains, for addresses whose local part is plain ASCII (see below)."""
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_CACHE_LIMIT = 50_000


def _repeated(kind: str, value: str) -> list[Finding]:
    """Findings of a value that repeats over a batch (a postal code, a KBLI code), memoised."""
    key = (kind, value)
    found = _REPEATED.get(key)
    if found is None:
        found = findings_for(kind, value)
        if len(_REPEATED) < _CACHE_LIMIT:
            _REPEATED[key] = found
    return found


def _email(value: str) -> list[Finding]:
    """An address's findings; the syntax check of its domain is done once per domain.

    ``email-validator`` spends nearly all its time on the domain (IDNA rules). A local part in
    plain ASCII dot-atom form of at most 64 characters is always valid, so such an address has
    exactly its domain's findings (a syntax error aside, which is never memoised: its message
    names the whole address).
    """
    local, at, domain = value.strip().rpartition("@")
    if not at or len(local) > 64 or len(value) > 254 or not _DOT_ATOM.fullmatch(local):
        return findings_for("email", value)
    key = domain.lower()
    found = _VALID_DOMAINS.get(key)
    if found is None:
        found = findings_for("email", value)
        if not any(f.code == "email.invalid" for f in found) and len(_VALID_DOMAINS) < _CACHE_LIMIT:
            _VALID_DOMAINS[key] = found
    return found


def _mobile_shortcut() -> re.Pattern[str] | None:
    """Indonesian mobile numbers ``phonenumbers`` certainly accepts, or ``None``.

    In ``phonenumbers``' plan for Indonesia a national number ``8[1-35-9]`` followed by 7-10
    digits is a mobile number and nothing else (toll-free, premium, shared-cost and UAN numbers
    start ``80``/``84``), so ``0`` or ``+62`` and such a number is valid without parsing it.
    Used only while the installed metadata still says so (checked here, once).
    """
    meta = phonenumbers.PhoneMetadata.metadata_for_region("ID")
    if meta is None or meta.mobile is None or \
            meta.mobile.national_number_pattern != r"8[1-35-9]\d{7,10}":
        return None
    samples = [f"8{d}{'7' * n}" for d in "1235679" for n in range(7, 11)]
    for name in ("fixed_line", "toll_free", "premium_rate", "shared_cost", "uan", "voip",
                 "pager", "personal_number", "voicemail"):
        desc = getattr(meta, name)
        pattern = desc.national_number_pattern if desc else None
        if pattern and any(re.fullmatch(pattern, number) for number in samples):
            return None
    return re.compile(r"(?:\+62|0)8[1-35-9]\d{7,10}")


_MOBILE = _mobile_shortcut()


def _phone(value: str) -> list[Finding]:
    """A mobile number's findings (a plain valid mobile number without parsing it)."""
    compact = value.strip()
    for sep in " .-()":
        compact = compact.replace(sep, "")
    if _MOBILE is not None and compact.isascii() and _MOBILE.fullmatch(compact):
        return []
    return findings_for("phone", value)


def check_record(values: dict[str, str | None]) -> list[Finding]:
    """Every finding about one record's values."""
    get = values.get
    found = [_required(f) for f in REQUIRED if not get(f)]
    if not get("email") and not get("telepon"):
        found.append(_required("email|telepon", "email / telepon"))
    for field, kind in _NUMBERS:
        value = get(field)
        if not value:
            continue
        if kind == "email":
            found += _email(str(value))
        elif kind == "phone":
            found += _phone(str(value))
        elif kind == "postal":
            found += _repeated(kind, str(value))
        else:
            found += findings_for(kind, str(value))
    for code in _SPLIT.split(get("kbli") or ""):
        if code:
            found += _repeated("kbli", code)
    found += check_values(values)  # the business fields: location point, capital, workforce
    nik, number = _digits(get("nik")), _digits(get("npwp"))
    if len(nik) == 16 and len(number) == 16 and number != nik and npwp_mod.kind(number) == "nik":
        found.append(make_finding("cross.npwp16_not_nik", fields=["nik", "npwp"], doc_types=[],
                                  npwp=number, ktp_nik=nik))
    return found


def _digits(value: str | None) -> str:
    if not value:
        return ""
    return value if value.isdigit() and value.isascii() else _NOT_DIGIT.sub("", value)


_NOT_DIGIT = re.compile(r"\D")


class _Seen:
    """First line and name of each NIK and NPWP in the batch.

    The one structure that grows with the batch: an entry per number, keyed by the number as an
    integer (with its length and kind, so ``0123`` and ``123`` differ), about 150 bytes each.
    """

    def __init__(self) -> None:
        self.ids: dict[int, tuple[int, str]] = {}

    def check(self, line: int, values: dict[str, str | None]) -> list[Finding]:
        found = []
        name = values.get("nama") or ""
        ids = self.ids
        for kind, field in enumerate(("nik", "npwp")):
            value = _digits(values.get(field))
            if not value:
                continue
            key = (int(value) * 128 + min(len(value), 63)) * 2 + kind
            first = ids.setdefault(key, (line, name))
            if first[0] != line and compare(first[1], name) == "other":
                found.append(make_finding(
                    "batch.duplicate_id", fields=[field], doc_types=[], field=field.upper(),
                    value=value, other_line=first[0], other_name=first[1]))
        return found


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
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
            yield row, [] if row.refused else check_record(row.values)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pending: deque[tuple[list[InputRow], AsyncResult]] = deque()
        for part in _chunks(rows, chunk):
            values = [{} if r.refused else r.values for r in part]
            pending.append((part, pool.apply_async(_check_chunk, (values,))))
            if len(pending) >= 2 * workers:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)


def check_rows(rows: Iterable[InputRow], *, workers: int = 1,
               chunk: int = 2000) -> Iterator[CheckedRow]:
    """Each row checked, streamed in order; duplicates are found against the rows before it.

    A refused row (a line that could not be parsed) passes through with its reason, unchecked.
    """
    seen = _Seen()
    for row, found in _record_findings(rows, workers, chunk):
        if row.refused:
            yield CheckedRow(line=row.line, values={}, findings=row.issues, refused=True)
            continue
        findings = [*row.issues, *found, *seen.check(row.line, row.values)]
        yield CheckedRow(line=row.line, values=row.values, findings=findings)


# --- the fast path: check and tally in worker processes ------------------------------------

def _pool(workers: int) -> multiprocessing.pool.Pool:
    """Worker processes forked from a server that imported the checks once (not per worker).

    ``forkserver``, not ``fork``: the caller may run threads (Prefect's), which a fork would
    copy mid-state; not ``spawn``: each worker would import everything again (about a second).
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["records.precheck", "records.report", "validators.check"])
    return context.Pool(workers)


def _id_values(item: RawRow | InputRow, where: tuple[int, int, int]) -> dict[str, str | None]:
    """NIK, NPWP and name of a record, for the duplicate check (before it is mapped)."""
    if isinstance(item, InputRow):
        return item.values
    cells, width = item[1], len(item[1])
    return {field: cells[i].strip() if 0 <= i < width else None
            for field, i in zip(("nik", "npwp", "nama"), where, strict=True)}


def tally_chunk(columns: dict[int, str], items: list[RawRow | InputRow],
                duplicates: dict[int, list[Finding]], csv_wanted: bool) -> Tally:
    """Map, check and tally the records of one chunk (in a worker process)."""
    from records.report import Tally

    started = time.process_time()
    tally = Tally(csv_wanted=csv_wanted)
    for item in items:
        if isinstance(item, InputRow):
            if item.refused:
                tally.add_values(item.line, {}, item.issues, refused=True)
                continue
            line, values, issues = item.line, item.values, item.issues
        else:
            line = item[0]
            values, issues = row_values(item[1], columns)
        findings = [*issues, *check_record(values), *duplicates.get(line, ())]
        tally.add_values(line, values, findings)
    tally.cpu_seconds = time.process_time() - started
    return tally.finish()


def tally_records(columns: dict[int, str], items: Iterable[RawRow | InputRow], *,
                  workers: int = 2, chunk: int = 2000, csv_wanted: bool = True
                  ) -> Iterator[Tally]:
    """Tallies of the records, chunk by chunk in input order.

    This process only reads (parses the CSV) and looks for duplicate NIK/NPWP, which needs
    every row before; mapping, checking and tallying run in ``workers`` processes, at most
    ``2 × workers`` chunks in flight (memory stays flat).
    """
    where = tuple(next((i for i, f in columns.items() if f == name), -1)
                  for name in ("nik", "npwp", "nama"))
    seen = _Seen()

    def parts() -> Iterator[tuple[list[RawRow | InputRow], dict[int, list[Finding]]]]:
        for part in _chunks(items, chunk):
            duplicates: dict[int, list[Finding]] = {}
            for item in part:
                if isinstance(item, InputRow) and item.refused:
                    continue
                line = item.line if isinstance(item, InputRow) else item[0]
                if found := seen.check(line, _id_values(item, where)):  # type: ignore[arg-type]
                    duplicates[line] = found
            yield part, duplicates

    if workers <= 1:
        for part, duplicates in parts():
            yield tally_chunk(columns, part, duplicates, csv_wanted)
        return
    with _pool(workers) as pool:
        pending: deque[AsyncResult] = deque()
        for part, duplicates in parts():
            pending.append(pool.apply_async(tally_chunk, (columns, part, duplicates,
                                                          csv_wanted)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def store_rows(status: str | None) -> Iterator[InputRow]:
    """The records of the store's cases (of one status), as rows."""
    from records.store import Store

    store = Store()
    try:
        for n, (_case_id, record) in enumerate(store.records(status), start=1):
            yield InputRow(line=n, values={k: v.value for k, v in record.values.items()})
    finally:
        store.close()


def run_precheck(source: Path | None, mapping: dict[str, str] | None = None,
                 status: str | None = None, report: Path | None = None,
                 findings_csv: Path | None = None, workers: int = 2) -> PrecheckSummary:
    """Check a file's (or the store's) records into the summary, findings CSV and report.

    Plain Python: the ``precheck_records`` flow runs it as its task, ``intake precheck`` runs
    it directly when no Prefect server is in use.
    """
    from records.report import ReportWriter
    from records.tabular import InputError, read_items

    label = str(source) if source else f"store (status: {status or 'semua'})"
    writer = ReportWriter(label, findings_csv, report)
    try:
        columns, items = read_items(source, mapping) if source else ({}, store_rows(status))
        for tally in tally_records(columns, items, workers=workers, csv_wanted=writer.wants_csv):
            writer.add_tally(tally)
    except InputError as e:
        writer.summary.input_error = str(e)
    return writer.close()
