"""Precheck output: a findings CSV, a small HTML report in Bahasa Indonesia, and a summary.

The rows are tallied where they are checked (in the worker processes): counts per finding
code and severity, the findings CSV text, the first :data:`SAMPLES_PER_CODE` rows of each code
and the worst rows. The parent only merges tallies, so it stays fast and its memory flat. The
HTML report (a Jinja2 template, autoescaped) shows a summary per code with its first rows and
says so; the full list of findings is the CSV, whatever the size of the batch.
"""

from __future__ import annotations

import csv
import heapq
import io
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field

from core.models import Finding, Severity
from core.privacy import mask_id, mask_text
from core.settings import get_settings
from records.export import safe_cell
from records.precheck import CheckedRow
from validators.codes import CODES

_ERROR, _WARNING = Severity.ERROR, Severity.WARNING
WORST_KEPT = 10
SAMPLES_PER_CODE = 20
"""Rows shown per finding code in the HTML report (the CSV has every finding)."""
_CSV_FIELDS = ("line", "nik", "nama", "code", "severity", "fields", "message", "message_en")
_TEMPLATES = Path(__file__).with_name("templates")


class Sample(BaseModel):
    """One row shown under a finding code in the report (identity numbers masked)."""

    line: int
    nik: str
    nama: str
    severity: str
    message: str


class PrecheckSummary(BaseModel):
    """Counts of a precheck run, and its worst rows."""

    source: str
    rows: int = 0
    """Records checked."""
    rows_refused: int = 0
    """Lines that could not be read as records (``input.csv_malformed``): not checked."""
    rows_with_errors: int = 0
    rows_with_warnings: int = 0
    rows_clean: int = 0
    """Checked records with neither an error nor a warning."""
    by_code: dict[str, int] = Field(default_factory=dict)
    by_severity: dict[str, int] = Field(default_factory=dict)
    worst: list[CheckedRow] = Field(default_factory=list)
    refused: list[Sample] = Field(default_factory=list)
    """The first refused lines, with the reason."""
    input_error: str | None = None
    """The input could not be read at all (missing columns, unreadable file)."""
    check_cpu_seconds: float = 0.0
    """CPU time the checks took in the worker processes (for the benchmark)."""

    @property
    def rows_in(self) -> int:
        """Every record line of the input: checked + refused."""
        return self.rows + self.rows_refused


_MASKED: dict[tuple[str, str], tuple[object, object]] = {}


def _messages(f: Finding) -> tuple[object, object]:
    """A finding's two messages, masked and safe for a spreadsheet (memoised: they repeat)."""
    key = (f.message, f.message_en)
    out = _MASKED.get(key)
    if out is None:
        out = (safe_cell(mask_text(f.message)), safe_cell(mask_text(f.message_en)))
        if len(_MASKED) < 20_000:
            _MASKED[key] = out
    return out


_FULL = (None,) * SAMPLES_PER_CODE
"""Stands for the sample rows of a code that has them all (see :class:`Tally`)."""
_TAILS: dict[tuple[object, ...], str] = {}


def _tail(f: Finding, encode: Callable[[list[object]], str]) -> str:
    """A finding's columns of the findings CSV (code to English message), encoded as CSV
    (memoised: findings repeat)."""
    key = (f.code, f.severity, tuple(f.fields), f.message, f.message_en)
    out = _TAILS.get(key)
    if out is None:
        out = encode([f.code, f.severity.value, " ".join(f.fields), *_messages(f)])
        if len(_TAILS) < 20_000:
            _TAILS[key] = out
    return out


def _sample(line: int, values: dict[str, str | None], finding: Finding) -> Sample:
    return Sample.model_construct(line=line, nik=_mask_id(values.get("nik")),
                                  nama=values.get("nama") or "",
                                  severity=finding.severity.value,
                                  message=mask_text(finding.message))


def _mask_id(value: str | None) -> str:
    """``mask_id``, without its regular expression for a number of ASCII digits only."""
    if value and value.isdigit() and value.isascii() and len(value) > 8:
        return value[:4] + "*" * (len(value) - 8) + value[-4:]
    return mask_id(value)


class Tally:
    """Counts, CSV text, sample rows and worst rows of some checked rows (picklable, mergeable)."""

    def __init__(self, csv_wanted: bool = True, full: Iterable[str] = ()) -> None:
        """``full``: finding codes whose sample rows are known already (none are kept)."""
        self.rows = self.refused = self.errors = self.warnings = self.clean = 0
        self.codes: Counter[str] = Counter()
        self.levels: Counter[str] = Counter()
        self.samples: dict[str, list[Sample]] = dict.fromkeys(full, _FULL)  # type: ignore[arg-type]
        self.worst: list[tuple[int, int, int]] = []
        self.kept: dict[int, CheckedRow] = {}
        self._buffer = io.StringIO() if csv_wanted else None
        self._line = io.StringIO()
        self._line_csv = csv.writer(self._line)
        self.csv_text = ""
        self.cpu_seconds = 0.0
        """CPU time spent checking these rows (in the process that checked them)."""

    def add(self, row: CheckedRow) -> None:
        """Account for one checked (or refused) row."""
        self.add_values(row.line, row.values, row.findings, row.refused, row)

    def add_values(self, line: int, values: dict[str, str | None], findings: list[Finding],
                   refused: bool = False, row: CheckedRow | None = None) -> None:
        """Account for one row given by its parts (a :class:`CheckedRow` is made if needed)."""
        if refused:
            self.refused += 1
        else:
            self.rows += 1
        if not findings:
            self.clean += not refused
            return
        errors = warnings = 0
        codes, levels, samples = self.codes, self.levels, self.samples
        for f in findings:
            severity, code = f.severity, f.code
            if severity is _ERROR:
                errors += 1
            elif severity is _WARNING:
                warnings += 1
            codes[code] += 1
            levels[severity.value] += 1
            shown = samples.get(code)
            if shown is None:
                shown = samples[code] = []
            if len(shown) < SAMPLES_PER_CODE and (not shown or shown[-1].line != line):
                shown.append(_sample(line, values, f))
        if refused:
            pass  # counted, never among the worst rows
        elif errors or warnings:
            self.errors += errors > 0
            self.warnings += warnings > 0
            item = (errors, warnings, -line)
            if len(self.worst) < WORST_KEPT or item > self.worst[0]:
                self._keep_worst(row or CheckedRow.model_construct(
                    line=line, values=values, findings=findings, refused=False), errors, warnings)
        else:
            self.clean += 1
        if self._buffer is not None:  # a CSV line per finding: the row's columns, then its own
            encode = self._encode
            nik, nama = _mask_id(values.get("nik")), safe_cell(values.get("nama") or "")
            if "," in nama or '"' in nama or "\r" in nama or "\n" in nama:
                head = encode([line, nik, nama])
            else:  # nothing to quote (a masked NIK is digits and stars)
                head = f"{line},{nik},{nama}"
            if len(findings) == 1:  # the common case, without a generator
                self._buffer.write(f"{head},{_tail(findings[0], encode)}\r\n")
            else:
                self._buffer.write("".join(f"{head},{_tail(f, encode)}\r\n" for f in findings))

    def _encode(self, cells: list[object]) -> str:
        """``cells`` as ``csv.writer`` writes them (each quoted only if it must be), without
        the line end; at least two cells (a single empty cell would be written ``""``)."""
        self._line.seek(0)
        self._line.truncate()
        self._line_csv.writerow(cells)
        return self._line.getvalue()[:-2]

    def _keep_worst(self, row: CheckedRow, errors: int, warnings: int) -> None:
        item = (errors, warnings, -row.line)
        if len(self.worst) < WORST_KEPT:
            heapq.heappush(self.worst, item)
            self.kept[row.line] = row
        elif item > self.worst[0]:
            dropped = heapq.heapreplace(self.worst, item)
            self.kept.pop(-dropped[2], None)
            self.kept[row.line] = row

    def finish(self) -> Tally:
        """Freeze the CSV text (before the tally is sent to another process)."""
        if self._buffer is not None:
            self.csv_text = self._buffer.getvalue()
            self._buffer = None
        self.samples = {code: rows for code, rows in self.samples.items() if rows is not _FULL}
        self._line = self._line_csv = None  # type: ignore[assignment]
        return self

    def __getstate__(self) -> dict[str, object]:
        self.finish()
        return self.__dict__

    def merge(self, other: Tally) -> None:
        """Add ``other``'s rows (which come after this tally's rows)."""
        self.rows += other.rows
        self.refused += other.refused
        self.errors += other.errors
        self.warnings += other.warnings
        self.clean += other.clean
        self.cpu_seconds += other.cpu_seconds
        self.codes.update(other.codes)
        self.levels.update(other.levels)
        for code, rows in other.samples.items():
            shown = self.samples.setdefault(code, [])
            shown.extend(rows[:SAMPLES_PER_CODE - len(shown)])
        for item in other.worst:
            row = other.kept[-item[2]]
            self._keep_worst(row, item[0], item[1])


class ReportWriter:
    """Collects checked rows (or tallies of them) into the summary, the CSV and the report."""

    def __init__(self, source: str, findings_csv: Path | None, report: Path | None) -> None:
        self.summary = PrecheckSummary(source=source)
        self.findings_csv, self.report = findings_csv, report
        self.tally = Tally(csv_wanted=False)
        self._csv_fh = findings_csv.open("w", newline="", encoding="utf-8") if findings_csv \
            else None
        if self._csv_fh:
            csv.writer(self._csv_fh).writerow(_CSV_FIELDS)
        self._pending = Tally(csv_wanted=findings_csv is not None)

    @property
    def wants_csv(self) -> bool:
        """Whether tallies should carry the findings CSV text."""
        return self._csv_fh is not None

    def add(self, row: CheckedRow) -> None:
        """Account for one checked row."""
        self._pending.add(row)
        if self._pending.rows + self._pending.refused >= 2000:
            self.add_tally(self._pending)
            self._pending = Tally(csv_wanted=self.wants_csv)

    def add_tally(self, tally: Tally) -> None:
        """Account for a tally of the next rows."""
        tally.finish()
        if self._csv_fh and tally.csv_text:
            self._csv_fh.write(tally.csv_text)
        tally.csv_text = ""
        self.tally.merge(tally)

    def close(self) -> PrecheckSummary:
        """Finish the files; return the summary."""
        self.add_tally(self._pending)
        t, s = self.tally, self.summary
        s.rows, s.rows_refused = t.rows, t.refused
        s.rows_with_errors, s.rows_with_warnings, s.rows_clean = t.errors, t.warnings, t.clean
        s.check_cpu_seconds = t.cpu_seconds
        s.by_code = dict(t.codes.most_common())
        s.by_severity = dict(t.levels)
        s.worst = [t.kept[-i[2]] for i in sorted(t.worst, reverse=True)]
        s.refused = list(t.samples.get("input.csv_malformed", []))
        if self._csv_fh:
            self._csv_fh.close()
        if self.report:
            self.report.write_text(render_report(s, t.samples, self.findings_csv),
                                   encoding="utf-8")
        return s


def render_report(summary: PrecheckSummary, samples: dict[str, list[Sample]],
                  findings_csv: Path | None) -> str:
    """The HTML report: counts, then per finding code its count and its first rows."""
    env = Environment(loader=FileSystemLoader(_TEMPLATES),
                      autoescape=select_autoescape(["html", "j2"]))
    en = get_settings().lang == "en"
    order = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}
    codes = []
    for code, count in summary.by_code.items():
        entry = CODES.get(code)
        rows = samples.get(code, [])
        codes.append({"code": code, "count": count, "rows": rows,
                      "severity": rows[0].severity if rows else "info",
                      "description": entry.description if entry else ""})
    codes.sort(key=lambda c: (order.get(c["severity"], 3), -c["count"]))
    when = datetime.now(UTC).astimezone().strftime("%d-%m-%Y %H:%M")
    return env.get_template("precheck_report.html.j2").render(
        s=summary, codes=codes, when=when, per_code=SAMPLES_PER_CODE,
        csv_name=findings_csv.name if findings_csv else None, en=en)
