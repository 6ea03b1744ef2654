"""The monthly report: cases received and decided, time to approval, findings by code, per clerk.

Figures of one calendar month in the office's time zone (``INTAKE_TIMEZONE``, WITA):

- **received**: walk-in cases (uploads, ``intake scan``, the hot folder; not archive pages, not
  a visit merged into the applicant's earlier case) created in the month;
- **approved** / **rejected**: cases whose decision (the audit trail's status change) fell in
  the month, once per case, with the rejection reasons;
- **median time to approval**: from a case's arrival to its first approval, over the month's
  approvals;
- **findings by code**: among the cases received, how many had each finding code (what the
  documents showed when read, and the record's findings as they stand), and the shares the
  office reports: invalid NIKs, NPWPs, KBLI codes and e-mail typos;
- **per clerk**: corrections, submissions and decisions each user made in the month.

Drawn as two SVG bar charts (cases per week of the month, findings per code) without a
plotting library, and written as CSV (cells made safe for spreadsheets).
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Document, Finding, Severity
from core.settings import get_settings
from records.db import AuditRow, CaseRow, DocumentRow
from records.export import safe_cell

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
SYSTEM_ACTORS = ("system", "pemindai")
"""Audit actors that are not people (the intake flow, the hot folder)."""
SHARES: dict[str, tuple[str, ...]] = {
    "nik": ("nik.", "npwp.nik_invalid", "permit.nik_invalid"),
    "npwp": ("npwp.format", "npwp.check_digit", "nitku."),
    "kbli": ("kbli.format", "kbli.division_unknown", "kbli.unknown"),
    "email": ("email.",),
}
"""The shares the office reports, as finding-code prefixes (errors only, e-mail typos too)."""
SHARE_LABELS = {"nik": ("NIK tidak sah", "Invalid NIK"), "npwp": ("NPWP tidak sah", "Invalid NPWP"),
                "kbli": ("KBLI tidak sah", "Invalid KBLI"),
                "email": ("Email salah/salah ketik", "E-mail invalid or mistyped")}


class Week(BaseModel):
    """One week of the month (days 1-7, 8-14, …)."""

    n: int
    first_day: int
    last_day: int
    received: int = 0
    approved: int = 0
    rejected: int = 0


class Rejection(BaseModel):
    """One rejection and its reason."""

    case_id: str
    applicant: str | None
    at: datetime
    actor: str
    reason: str


class CodeCount(BaseModel):
    """Cases received with a finding code."""

    code: str
    severity: str
    cases: int
    share: float


class Share(BaseModel):
    """A share the office reports (invalid NIKs…)."""

    key: str
    label_id: str
    label_en: str
    cases: int
    share: float


class ClerkRow(BaseModel):
    """What one user did in the month."""

    name: str
    cases: int = 0
    """Distinct cases touched."""
    edits: int = 0
    submitted: int = 0
    approved: int = 0
    rejected: int = 0


class MonthlyReport(BaseModel):
    """The figures of one month."""

    month: str
    timezone: str
    received: int
    approved: int
    rejected: int
    open: int
    """Received in the month and not decided (yet)."""
    median_hours_to_approval: float | None
    weeks: list[Week]
    rejections: list[Rejection] = Field(default_factory=list)
    codes: list[CodeCount] = Field(default_factory=list)
    shares: list[Share] = Field(default_factory=list)
    clerks: list[ClerkRow] = Field(default_factory=list)


def month_bounds(month: str, tz: str) -> tuple[datetime, datetime]:
    """The first instant of ``month`` (``YYYY-MM``) and of the next one, in UTC.

    >>> month_bounds("2026-11", "Asia/Makassar")[0].isoformat()
    '2026-10-31T16:00:00+00:00'
    """
    m = MONTH.match(month)
    if not m:
        raise ValueError(f"Bulan {month!r} harus berbentuk YYYY-MM (misalnya 2026-11).")
    year, mon = int(m[1]), int(m[2])
    zone = ZoneInfo(tz)
    start = datetime(year, mon, 1, tzinfo=zone)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite keeps naive UTC


def _weeks(start: datetime, end: datetime, zone: ZoneInfo) -> list[Week]:
    days = (end.astimezone(zone).date() - start.astimezone(zone).date()).days
    return [Week(n=i + 1, first_day=d + 1, last_day=min(d + 7, days))
            for i, d in enumerate(range(0, days, 7))]


def _case_findings(row: CaseRow, docs: list[DocumentRow]) -> list[Finding]:
    found = [Finding.model_validate(f) for f in row.findings or []]
    for d in docs:
        found += Document.model_validate(d.data).findings
    return found


def _in_share(f: Finding, prefixes: tuple[str, ...]) -> bool:
    if not f.code.startswith(prefixes):
        return False
    return f.severity == Severity.ERROR or f.code == "email.domain_typo"


def build_report(engine: object, month: str, tz: str | None = None) -> MonthlyReport:
    """The report of ``month`` from the store on ``engine`` (``Store.engine``)."""
    tz = tz or get_settings().timezone
    zone = ZoneInfo(tz)
    start, end = month_bounds(month, tz)
    with Session(engine) as s:  # type: ignore[arg-type]
        received = list(s.scalars(select(CaseRow).where(
            CaseRow.created_at >= start, CaseRow.created_at < end, CaseRow.kind != "archive",
            CaseRow.status != "merged")
            .order_by(CaseRow.created_at)))
        events = list(s.scalars(select(AuditRow).where(AuditRow.at >= start, AuditRow.at < end)
                                .order_by(AuditRow.at, AuditRow.id)))
        ids = {r.id for r in received} | {a.case_id for a in events}
        cases = {r.id: r for r in s.scalars(select(CaseRow).where(CaseRow.id.in_(ids)))}
        docs: dict[str, list[DocumentRow]] = defaultdict(list)
        for d in s.scalars(select(DocumentRow).where(
                DocumentRow.case_id.in_([r.id for r in received]))):
            docs[d.case_id].append(d)
        first_approval = {a.case_id: _aware(a.at) for a in reversed(list(s.scalars(
            select(AuditRow).where(AuditRow.action == "status", AuditRow.new_value == "approved",
                                   AuditRow.case_id.in_(ids)).order_by(AuditRow.at.desc()))))}
    weeks = _weeks(start, end, zone)

    def week_of(at: datetime) -> Week:
        return weeks[min((_aware(at).astimezone(zone).day - 1) // 7, len(weeks) - 1)]

    for r in received:
        week_of(r.created_at).received += 1
    decided: dict[str, dict[str, AuditRow]] = {"approved": {}, "rejected": {}}
    for a in events:
        if a.action == "status" and a.new_value in decided:
            decided[a.new_value].setdefault(a.case_id, a)  # once per case: the first
    for status, by_case in decided.items():
        for a in by_case.values():
            setattr(week_of(a.at), status, getattr(week_of(a.at), status) + 1)
    hours = [(first_approval[c] - _aware(cases[c].created_at)).total_seconds() / 3600
             for c in decided["approved"] if c in first_approval and c in cases]
    rejections = [Rejection(case_id=a.case_id, applicant=cases[a.case_id].applicant_name
                            if a.case_id in cases else None, at=_aware(a.at), actor=a.actor,
                            reason=a.note or "") for a in decided["rejected"].values()]
    return MonthlyReport(
        month=month, timezone=tz, received=len(received), approved=len(decided["approved"]),
        rejected=len(decided["rejected"]),
        open=sum(r.status not in ("approved", "rejected") for r in received),
        median_hours_to_approval=round(statistics.median(hours), 1) if hours else None,
        weeks=weeks, rejections=rejections,
        **_findings(received, docs), clerks=_clerks(events),
    )


def _findings(received: list[CaseRow],
              docs: dict[str, list[DocumentRow]]) -> dict[str, list]:  # type: ignore[type-arg]
    per_code: Counter[str] = Counter()
    severity: dict[str, str] = {}
    shares: Counter[str] = Counter()
    for r in received:
        found = _case_findings(r, docs.get(r.id, []))
        for f in found:
            severity.setdefault(f.code, f.severity.value)
        per_code.update({f.code for f in found})
        shares.update(k for k, prefixes in SHARES.items()
                      if any(_in_share(f, prefixes) for f in found))
    n = len(received) or 1
    codes = [CodeCount(code=c, severity=severity[c], cases=k, share=round(k / n, 4))
             for c, k in sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0]))]
    share_rows = [Share(key=k, label_id=SHARE_LABELS[k][0], label_en=SHARE_LABELS[k][1],
                        cases=shares[k], share=round(shares[k] / n, 4)) for k in SHARES]
    return {"codes": codes, "shares": share_rows}


def _clerks(events: list[AuditRow]) -> list[ClerkRow]:
    rows: dict[str, ClerkRow] = {}
    touched: dict[str, set[str]] = defaultdict(set)
    for a in events:
        if a.actor in SYSTEM_ACTORS:
            continue
        row = rows.setdefault(a.actor, ClerkRow(name=a.actor))
        touched[a.actor].add(a.case_id)
        if a.action == "edit":
            row.edits += 1
        elif a.action == "status" and a.new_value in ("submitted", "approved", "rejected"):
            setattr(row, a.new_value, getattr(row, a.new_value) + 1)
    for name, row in rows.items():
        row.cases = len(touched[name])
    return sorted(rows.values(), key=lambda r: r.name)


# -- outputs --------------------------------------------------------------------------------
def to_csv(report: MonthlyReport) -> str:
    """The report as one CSV: ``bagian`` (section), ``kunci`` (key), then the figures."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["bagian", "kunci", "nilai", "bagian_persen", "keterangan"])
    rows: list[list[object]] = [
        ["ringkasan", "bulan", report.month, "", report.timezone],
        ["ringkasan", "diterima", report.received, "", ""],
        ["ringkasan", "disetujui", report.approved, "", ""],
        ["ringkasan", "ditolak", report.rejected, "", ""],
        ["ringkasan", "belum_diputus", report.open, "", ""],
        ["ringkasan", "median_jam_sampai_disetujui",
         "" if report.median_hours_to_approval is None else report.median_hours_to_approval,
         "", ""],
    ]
    rows += [["minggu", f"{wk.n} ({wk.first_day}-{wk.last_day})", wk.received, "",
              f"disetujui {wk.approved}, ditolak {wk.rejected}"] for wk in report.weeks]
    rows += [["porsi", s.key, s.cases, f"{s.share * 100:.1f}", s.label_id] for s in report.shares]
    rows += [["temuan", c.code, c.cases, f"{c.share * 100:.1f}", c.severity] for c in report.codes]
    rows += [["petugas", c.name, c.cases, "",
              f"koreksi {c.edits}, diajukan {c.submitted}, disetujui {c.approved}, "
              f"ditolak {c.rejected}"] for c in report.clerks]
    rows += [["penolakan", r.case_id, r.actor, "", r.reason] for r in report.rejections]
    for row in rows:
        w.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def _bar_labels(x: float, y: float, text: str, anchor: str = "middle", size: int = 11) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}">'
            f"{escape(text)}</text>")


COLOURS = {"received": "#1f4e79", "approved": "#2e7d32", "rejected": "#a31515"}


def weeks_svg(report: MonthlyReport, labels: dict[str, str]) -> str:
    """Bars per week: received, approved, rejected side by side (``labels``: legend texts)."""
    width, height, left, bottom, top = 520, 210, 34, 30, 34
    peak = max([1] + [max(w.received, w.approved, w.rejected) for w in report.weeks])
    step = (width - left - 10) / max(len(report.weeks), 1)
    bar = step / 4.2
    scale = (height - bottom - top) / peak
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{escape(labels["title"])}" font-family="Liberation Sans,'
             f'Arial,sans-serif">']
    for tick in sorted({0, peak // 2, peak}):
        y = height - bottom - tick * scale
        parts.append(f'<line x1="{left}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#ccd" stroke-width="0.6"/>')
        parts.append(_bar_labels(left - 4, y + 4, str(tick), "end", 10))
    for i, wk in enumerate(report.weeks):
        x0 = left + i * step + (step - 3 * bar) / 2
        for j, key in enumerate(("received", "approved", "rejected")):
            v = getattr(wk, key)
            h = v * scale
            x = x0 + j * bar
            parts.append(f'<rect class="bar {key}" x="{x:.1f}" y="{height - bottom - h:.1f}" '
                         f'width="{bar - 2:.1f}" height="{h:.1f}" fill="{COLOURS[key]}">'
                         f"<title>{escape(labels[key])}: {v}</title></rect>")
            if v:
                parts.append(_bar_labels(x + (bar - 2) / 2, height - bottom - h - 3, str(v),
                                         size=9))
        caption = f'{labels["week"]} {wk.n} ({wk.first_day}–{wk.last_day})'
        parts.append(_bar_labels(left + i * step + step / 2, height - bottom + 13, caption,
                                 size=10))
    x = left
    for key in ("received", "approved", "rejected"):
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{COLOURS[key]}"/>')
        parts.append(_bar_labels(x + 14, 13, labels[key], "start", 10))
        x += 20 + 7 * len(labels[key])
    parts.append("</svg>")
    return "".join(parts)


def findings_svg(report: MonthlyReport, title: str, top: int = 12) -> str:
    """Horizontal bars: cases received per finding code (the ``top`` most frequent)."""
    codes = report.codes[:top]
    row, left, width = 17, 190, 520
    height = max(1, len(codes)) * row + 12
    peak = max([1] + [c.cases for c in codes])
    span = width - left - 60
    colours = {"error": "#c62828", "warning": "#d08400", "info": "#5a7184"}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{escape(title)}" font-family="Liberation Sans,Arial,'
             'sans-serif">']
    for i, c in enumerate(codes):
        y = 6 + i * row
        w = c.cases / peak * span
        parts.append(_bar_labels(left - 6, y + 11, c.code, "end", 10))
        parts.append(f'<rect class="bar code" x="{left}" y="{y}" width="{w:.1f}" '
                     f'height="{row - 5}" fill="{colours.get(c.severity, "#5a7184")}">'
                     f"<title>{escape(c.code)}: {c.cases}</title></rect>")
        parts.append(_bar_labels(left + w + 4, y + 11, f"{c.cases} ({c.share * 100:.0f}%)",
                                 "start", 10))
    parts.append("</svg>")
    return "".join(parts)


def previous_month(now: datetime | None = None, tz: str | None = None) -> str:
    """The month before ``now`` (the one usually reported), as ``YYYY-MM``."""
    zone = ZoneInfo(tz or get_settings().timezone)
    first = (now or datetime.now(UTC)).astimezone(zone).replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")
