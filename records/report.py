"""Precheck output: a findings CSV, an HTML report in Bahasa Indonesia, and a summary.

Everything is written while the rows stream past: the CSV directly, the HTML rows to a
temporary file that is joined under the header at the end, so memory stays bounded however
large the batch.
"""

from __future__ import annotations

import csv
import heapq
import html
import shutil
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel, Field

from core.models import Severity
from core.privacy import mask_id, mask_text
from records.precheck import CheckedRow

WORST_KEPT = 10


class PrecheckSummary(BaseModel):
    """Counts of a precheck run, and its worst rows."""

    source: str
    rows: int = 0
    rows_with_errors: int = 0
    rows_with_warnings: int = 0
    by_code: dict[str, int] = Field(default_factory=dict)
    by_severity: dict[str, int] = Field(default_factory=dict)
    worst: list[CheckedRow] = Field(default_factory=list)
    input_error: str | None = None
    """The input could not be read at all (missing columns, unreadable file)."""


_CSV_FIELDS = ("line", "nik", "nama", "code", "severity", "fields", "message", "message_en")


class ReportWriter:
    """Collects checked rows into the summary, the findings CSV and the HTML report."""

    def __init__(self, source: str, findings_csv: Path | None, report: Path | None) -> None:
        self.summary = PrecheckSummary(source=source)
        self._codes: Counter[str] = Counter()
        self._levels: Counter[str] = Counter()
        self._worst: list[tuple[int, int, int]] = []
        self._kept: dict[int, CheckedRow] = {}
        self._csv_fh = findings_csv.open("w", newline="", encoding="utf-8") if findings_csv \
            else None
        self._csv = csv.DictWriter(self._csv_fh, _CSV_FIELDS) if self._csv_fh else None
        if self._csv:
            self._csv.writeheader()
        self.report = report
        self._rows_fh: TextIO | None = (  # closed in close()
            tempfile.TemporaryFile("w+", encoding="utf-8") if report else None  # noqa: SIM115
        )

    def add(self, row: CheckedRow) -> None:
        """Account for one checked row."""
        s = self.summary
        s.rows += 1
        errors = sum(f.severity == Severity.ERROR for f in row.findings)
        warnings = sum(f.severity == Severity.WARNING for f in row.findings)
        s.rows_with_errors += errors > 0
        s.rows_with_warnings += warnings > 0
        self._codes.update(f.code for f in row.findings)
        self._levels.update(f.severity.value for f in row.findings)
        if errors or warnings:
            self._keep_worst(row, errors, warnings)
        if self._csv:
            self._csv.writerows(_csv_rows(row))
        if self._rows_fh and row.findings:
            self._rows_fh.write(_html_row(row))

    def _keep_worst(self, row: CheckedRow, errors: int, warnings: int) -> None:
        item = (errors, warnings, -row.line)
        if len(self._worst) < WORST_KEPT:
            heapq.heappush(self._worst, item)
            self._kept[row.line] = row
        elif item > self._worst[0]:
            dropped = heapq.heapreplace(self._worst, item)
            self._kept.pop(-dropped[2], None)
            self._kept[row.line] = row

    def close(self) -> PrecheckSummary:
        """Finish the files; return the summary."""
        s = self.summary
        s.by_code = dict(self._codes.most_common())
        s.by_severity = dict(self._levels)
        s.worst = [self._kept[-i[2]] for i in sorted(self._worst, reverse=True)]
        if self._csv_fh:
            self._csv_fh.close()
        if self.report and self._rows_fh:
            self._rows_fh.seek(0)
            with self.report.open("w", encoding="utf-8") as out:
                out.write(_html_head(s))
                shutil.copyfileobj(self._rows_fh, out)
                out.write(_HTML_TAIL)
            self._rows_fh.close()
        return s


def _csv_rows(row: CheckedRow) -> list[dict[str, object]]:
    return [{"line": row.line, "nik": mask_id(row.values.get("nik")),
             "nama": row.values.get("nama") or "", "code": f.code, "severity": f.severity.value,
             "fields": " ".join(f.fields), "message": mask_text(f.message),
             "message_en": mask_text(f.message_en)} for f in row.findings]


def _html_row(row: CheckedRow) -> str:
    worst = row.worst.value if row.worst else "ok"
    codes = " ".join(sorted({f.code for f in row.findings}))
    items = "".join(
        f'<li class="{f.severity.value}"><b>{html.escape(f.code)}</b> '
        f"{html.escape(mask_text(f.message))}</li>" for f in row.findings)
    return (f'<tr class="{worst}" data-codes="{html.escape(codes)}"><td>{row.line}</td>'
            f"<td>{html.escape(mask_id(row.values.get('nik')))}</td>"
            f"<td>{html.escape(row.values.get('nama') or '')}</td>"
            f"<td><ul>{items}</ul></td></tr>\n")


def _html_head(s: PrecheckSummary) -> str:
    options = "".join(f'<option value="{html.escape(c)}">{html.escape(c)} ({n})</option>'
                      for c, n in s.by_code.items())
    when = datetime.now(UTC).astimezone().strftime("%d-%m-%Y %H:%M")
    return _HTML_HEAD.format(
        source=html.escape(s.source), when=when, rows=s.rows, errors=s.rows_with_errors,
        warnings=s.rows_with_warnings, clean=s.rows - s.rows_with_errors - s.rows_with_warnings,
        options=options)


_HTML_HEAD = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<title>Pemeriksaan rekaman OSS — {source}</title>
<style>
body {{ font-family: "Liberation Sans", Arial, sans-serif; margin: 24px; color: #1d2330; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }} .meta {{ color: #5a6478; margin-bottom: 16px; }}
.cards {{ display: flex; gap: 12px; margin-bottom: 16px; }}
.card {{ border: 1px solid #d6dbe6; border-radius: 6px; padding: 10px 16px; min-width: 130px; }}
.card b {{ display: block; font-size: 24px; }} .card.e b {{ color: #b42318; }}
.card.w b {{ color: #b54708; }} .card.k b {{ color: #067647; }}
.filters {{ margin: 12px 0; display: flex; gap: 12px; align-items: center; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
th, td {{ border-bottom: 1px solid #e4e7ee; padding: 6px 8px; text-align: left;
  vertical-align: top; }}
th {{ background: #f3f5f9; position: sticky; top: 0; }}
ul {{ margin: 0; padding-left: 18px; }} li.error {{ color: #b42318; }}
li.warning {{ color: #b54708; }} li.info {{ color: #475467; }}
</style></head><body>
<h1>Pemeriksaan rekaman sebelum diajukan ke OSS</h1>
<div class="meta">Sumber: {source} · dibuat {when} · NIK/NPWP disamarkan</div>
<div class="cards"><div class="card"><b>{rows}</b>rekaman</div>
<div class="card e"><b>{errors}</b>dengan kesalahan</div>
<div class="card w"><b>{warnings}</b>dengan peringatan</div>
<div class="card k"><b>{clean}</b>tanpa masalah</div></div>
<div class="filters"><label>Tingkat <select id="sev"><option value="">semua</option>
<option value="error">kesalahan</option><option value="warning">peringatan</option>
<option value="info">info</option></select></label>
<label>Kode <select id="code"><option value="">semua</option>{options}</select></label>
<span id="shown"></span></div>
<table><thead><tr><th>Baris</th><th>NIK</th><th>Nama</th><th>Temuan</th></tr></thead><tbody>
"""

_HTML_TAIL = """</tbody></table>
<script>
const sev = document.getElementById("sev"), code = document.getElementById("code");
function apply() {
  let n = 0;
  for (const tr of document.querySelectorAll("tbody tr")) {
    const ok = (!sev.value || tr.className === sev.value) &&
      (!code.value || tr.dataset.codes.split(" ").includes(code.value));
    tr.hidden = !ok; n += ok;
  }
  document.getElementById("shown").textContent = n + " baris ditampilkan";
}
sev.onchange = code.onchange = apply; apply();
</script></body></html>
"""
