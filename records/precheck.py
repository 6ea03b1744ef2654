"""Check records before they go into OSS: what OSS would reject, what a clerk should look at.

Pure functions over record values (no images): the number rules (NIK, NPWP, e-mail, mobile,
KBLI, postal code), NPWP16 = NIK for individuals, the fields an individual registration needs,
and duplicates within the batch (the same NIK or NPWP under different names).
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING, TypeVar

import phonenumbers
from pydantic import BaseModel, Field

from core.models import Finding, Severity
from records.tabular import InputRow, RawRow, cell_plan, cell_values
from validators import npwp as npwp_mod
from validators._problems import Problem, to_findings
from validators.business import BUSINESS_FIELDS, check_values
from validators.check import field_of, problems_for
from validators.codes import make_finding
from validators.rules.names import compare

if TYPE_CHECKING:
    from pathlib import Path

    from records.report import PrecheckSummary, Tally

T = TypeVar("T")
REQUIRED = ("nik", "nama", "npwp", "kbli")
"""Fields an individual OSS registration cannot do without (e-mail or mobile: one of them)."""
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
_FINDINGS: dict[tuple[object, ...], Finding] = {}
"""Findings by kind, code, severity and parameters: most problems repeat over a batch (a
legacy 15-digit NPWP, an unknown region code) and each is made into a finding once."""
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_CACHE_LIMIT = 50_000


def _to_findings(kind: str, problems: list[Problem]) -> list[Finding]:
    """``to_findings`` of ``problems`` for the field of ``kind``, each finding made once.

    The findings are shared between records (they are never changed after they are made).
    """
    out = []
    for p in problems:
        key = (kind, p.code, p.severity, *p.params.items())
        try:
            finding = _FINDINGS.get(key)
        except TypeError:  # a parameter that cannot be a key: made every time
            key, finding = None, None
        if finding is None:
            finding = to_findings([p], [field_of(kind)], [])[0]
            if key is not None and len(_FINDINGS) < _CACHE_LIMIT:
                _FINDINGS[key] = finding
        out.append(finding)
    return out


def _number(kind: str, value: str) -> list[Finding]:
    """Every finding about ``value`` (a number of ``kind``): ``findings_for``, memoised by
    finding rather than by value (identity numbers do not repeat, their problems do)."""
    problems = problems_for(kind, value)
    return _to_findings(kind, problems) if problems else []


@lru_cache(maxsize=16_384)
def _repeated(kind: str, value: str) -> list[Finding]:
    """Findings of a value that repeats over a batch (a postal code, a KBLI code, a mobile
    number typed wrong the same way), memoised by value."""
    return _number(kind, value)


@lru_cache(maxsize=16_384)
def _kbli(value: str) -> list[Finding]:
    """The findings of a KBLI field: one code, or several split by commas, spaces, ``;`` or
    ``/``, each code's in turn. Memoised by the whole field, since a batch holds a few
    combinations of codes many times over (``47111, 56101``)."""
    if value.isdigit():  # one code, the common case
        return _repeated("kbli", value)
    return [f for code in _SPLIT.split(value) if code for f in _repeated("kbli", code)]


def _email(value: str) -> list[Finding]:
    """An address's findings; the syntax check of its domain is done once per domain.

    ``email-validator`` spends nearly all its time on the domain (IDNA rules). A local part in
    plain ASCII dot-atom form of at most 64 characters is always valid, so such an address has
    exactly its domain's findings (a syntax error aside, which is never memoised: its message
    names the whole address).
    """
    local, at, domain = value.strip().rpartition("@")
    if not at or len(local) > 64 or len(value) > 254 or not _DOT_ATOM.fullmatch(local):
        return _number("email", value)
    key = domain.lower()
    found = _VALID_DOMAINS.get(key)
    if found is None:
        found = _number("email", value)
        if not any(f.code == "email.invalid" for f in found) and len(_VALID_DOMAINS) < _CACHE_LIMIT:
            _VALID_DOMAINS[key] = found
    return found


_VALID_DOMAINS: dict[str, list[Finding]] = {}
"""Findings of e-mail domains, for addresses whose local part is plain ASCII (see above)."""


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
    """A mobile number's findings (a plain valid mobile number without parsing it).

    Memoised by the number without separators, which is all ``validators.phone`` looks at.
    """
    compact = value
    if not compact.isdigit():  # (digits only, the common case: nothing to strip or remove)
        compact = compact.strip()
        for sep in " .-()":
            compact = compact.replace(sep, "")
    if _MOBILE is not None and compact.isascii() and _MOBILE.fullmatch(compact):
        return []
    return _repeated("phone", compact)


def check_record(values: dict[str, str | None]) -> list[Finding]:
    """Every finding about one record's values.

    In order: the required fields missing, then the numbers (NIK, NPWP, e-mail, mobile,
    postal code, KBLI codes), the business fields, and an individual's NPWP16 against the NIK.
    """
    get = values.get
    nik, npwp, email, phone = get("nik"), get("npwp"), get("email"), get("telepon")
    postal, kbli = get("kode_pos"), get("kbli")
    if nik and npwp and kbli and get("nama"):
        found = []
    else:
        found = [_required(f) for f in REQUIRED if not get(f)]
    if not email and not phone:
        found.append(_required("email|telepon", "email / telepon"))
    nik_found = _number("nik", str(nik)) if nik else []
    found += nik_found
    same = npwp == nik and not nik_found and _plain_nik(nik)
    if npwp and not same:  # (an individual's NPWP16 that is the NIK: see _plain_nik)
        found += _number("npwp", str(npwp))
    if email:
        found += _email(str(email))
    if phone:
        found += _phone(str(phone))
    if postal:
        found += _repeated("postal", str(postal))
    if kbli:
        found += _kbli(kbli)
    if not BUSINESS_FIELDS.isdisjoint(values) and \
            any(get(f) for f in BUSINESS_FIELDS.intersection(values)):
        found += check_values(values)  # the business fields: location, capital, workforce
    if same:  # the NPWP is the NIK: no NPWP16 that differs from it
        return found
    nik, number = _digits(nik), _digits(npwp)
    if len(nik) == 16 and len(number) == 16 and number != nik and npwp_mod.kind(number) == "nik":
        found.append(make_finding("cross.npwp16_not_nik", fields=["nik", "npwp"], doc_types=[],
                                  npwp=number, ktp_nik=nik))
    return found


def _plain_nik(nik: str | None) -> bool:
    """Whether ``nik``, if valid, is also a valid NPWP16 with no finding of its own.

    An NPWP of 16 digits not starting with ``0`` is an individual's NIK, and
    ``validators.npwp`` reports exactly the NIK's problems for it (errors renamed); so a
    record whose NPWP is its NIK, typed the same and without a NIK finding, has no NPWP
    finding either (60 % of a batch: checking it twice was a sixth of the checks). Only
    for plain ASCII digits, where the NPWP's compact form is the value itself.
    """
    return bool(nik) and nik.isdigit() and nik.isascii() and len(nik) == 16 \
        and nik[0] != "0"  # type: ignore[union-attr]


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
        """Findings of a record's NIK and NPWP seen before under another name."""
        get = values.get
        return self.check_ids(line, get("nik"), get("npwp"), get("nama") or "")

    def check_ids(self, line: int, nik: str | None, npwp: str | None,
                  name: str) -> list[Finding]:
        """:meth:`check` of the three values themselves (a record not yet mapped)."""
        found: list[Finding] = []
        ids, entry = self.ids, (line, name)
        for kind, value in ((0, nik), (1, npwp)):
            if not value:
                continue
            if not (value.isdigit() and value.isascii()):
                value = _NOT_DIGIT.sub("", value)
                if not value:
                    continue
            length = len(value)
            first = ids.setdefault((int(value) * 128 + (length if length < 63 else 63)) * 2
                                   + kind, entry)
            if first[0] != line and compare(first[1], name) == "other":
                field = "npwp" if kind else "nik"
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

_WARM_RECORD = {
    "nik": "6311064508850003", "nama": "SITI RAHAYU", "npwp": "01.312.166.0-091.000",
    "email": "siti@mail.id", "telepon": "0812", "kbli": "47111, 56101", "kode_pos": "71614",
    "koordinat": "-2.3357, 115.4696", "modal_tetap": "50 juta",
    "lokasi_kabupaten_kota": "Balangan", "lokasi_kecamatan": "Paringin",
}
"""A record touching every table the checks load on first use (regions, postal codes, KBLI,
the phone plan, e-mail rules)."""


def warm(fields: Iterable[str] | None = None) -> None:
    """Load the tables the checks of ``fields`` (None: of every field) read, before the
    workers start, so that they share them."""
    wanted = _WARM_RECORD.keys() if fields is None else set(fields)
    check_record({k: v for k, v in _WARM_RECORD.items() if k in wanted})


def _pool(workers: int, fields: Iterable[str] | None = None) -> multiprocessing.pool.Pool:
    """Worker processes that have the checks imported and their tables loaded.

    ``fork`` from this process when it runs no other thread: the workers start at once, with
    the tables the checks of ``fields`` read (the input's columns; None: every table) loaded
    here once (:func:`warm`). A process that runs threads (Prefect's) is not forked, since a
    fork copies their locks mid-state: its workers come from a ``forkserver`` that imported
    the checks once, and load the tables each (about 1.5 s more). Never ``spawn``: each
    worker would import everything again.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        warm(fields)
        freeze = gc.get_freeze_count() == 0  # (unless the program froze objects of its own)
        if freeze:  # the workers' collector then leaves what they inherit alone (and shared)
            gc.freeze()
        try:
            return multiprocessing.get_context("fork").Pool(workers)
        finally:
            if freeze:
                gc.unfreeze()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["records.precheck", "records.report", "validators.check"])
    return context.Pool(workers, initializer=warm, initargs=(fields,))


def tally_chunk(columns: dict[int, str], items: list[RawRow | InputRow],
                duplicates: dict[int, list[Finding]], csv_wanted: bool,
                full: frozenset[str] = frozenset()) -> Tally:
    """Map, check and tally the records of one chunk (in a worker process); ``full``: the
    finding codes whose sample rows earlier chunks have already given."""
    from records.report import Tally

    started = time.process_time()
    tally = Tally(csv_wanted=csv_wanted, full=full)
    add, plan = tally.add_values, cell_plan(columns)
    for item in items:
        if item.__class__ is tuple:  # a CSV record's cells (a RawRow)
            line, cells = item  # type: ignore[misc]
            values, issues = cell_values(cells, plan)
        elif item.refused:  # type: ignore[union-attr]
            add(item.line, {}, item.issues, refused=True)  # type: ignore[union-attr]
            continue
        else:
            line, values, issues = item.line, item.values, item.issues  # type: ignore[union-attr]
        findings = check_record(values)  # a new list
        if issues:
            findings[:0] = issues
        if line in duplicates:
            findings += duplicates[line]
        add(line, values, findings)
    tally.cpu_seconds = time.process_time() - started
    return tally.finish()


def tally_records(columns: dict[int, str], items: Iterable[RawRow | InputRow], *,
                  workers: int = 2, chunk: int = 2000, csv_wanted: bool = True
                  ) -> Iterator[Tally]:
    """Tallies of the records, chunk by chunk in input order.

    This process only reads (parses the CSV) and looks for duplicate NIK/NPWP, which needs
    every row before; mapping, checking and tallying run in ``workers`` processes, at most
    ``2 × workers`` chunks in flight (memory stays flat). A chunk is told which finding codes
    have all their sample rows from the chunks before it, and keeps none of those.
    """
    from records.report import SAMPLES_PER_CODE

    at_nik, at_npwp, at_name = (next((i for i, f in columns.items() if f == name), -1)
                                for name in ("nik", "npwp", "nama"))
    seen = _Seen()
    shown: Counter[str] = Counter()  # sample rows per finding code in the tallies so far

    def parts() -> Iterator[tuple[list[RawRow | InputRow], dict[int, list[Finding]]]]:
        check_ids = seen.check_ids
        for part in _chunks(items, chunk):
            duplicates: dict[int, list[Finding]] = {}
            for item in part:
                if item.__class__ is not tuple:  # an InputRow
                    if item.refused:  # type: ignore[union-attr]
                        continue
                    line = item.line  # type: ignore[union-attr]
                    found = seen.check(line, item.values)  # type: ignore[union-attr]
                else:  # a CSV record: its NIK, NPWP and name as read, stripped
                    line, cells = item  # type: ignore[misc]
                    width = len(cells)
                    found = check_ids(
                        line, cells[at_nik].strip() if 0 <= at_nik < width else None,
                        cells[at_npwp].strip() if 0 <= at_npwp < width else None,
                        (cells[at_name].strip() if 0 <= at_name < width else None) or "")
                if found:
                    duplicates[line] = found
            yield part, duplicates

    def counted(tally: Tally) -> Tally:
        for code, rows in tally.samples.items():
            shown[code] += len(rows)
        return tally

    def full() -> frozenset[str]:
        """Codes that have all their sample rows already: later chunks need none of them."""
        return frozenset(code for code, n in shown.items() if n >= SAMPLES_PER_CODE)

    if workers <= 1:
        for part, duplicates in parts():
            yield counted(tally_chunk(columns, part, duplicates, csv_wanted, full()))
        return
    with _pool(workers, set(columns.values()) or None) as pool:
        pending: deque[AsyncResult] = deque()
        for part, duplicates in parts():
            pending.append(pool.apply_async(tally_chunk, (columns, part, duplicates,
                                                          csv_wanted, full())))
            if len(pending) >= 2 * workers:
                yield counted(pending.popleft().get())
        while pending:
            yield counted(pending.popleft().get())


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
