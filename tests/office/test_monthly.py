"""The monthly report on a store of generated cases: made through the desk's own operations
(read documents checked by the real validators, clerks' corrections re-validated, decisions
with reasons), then dated into November 2026; every figure checked against the store."""

from __future__ import annotations

import csv
import io
import statistics
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from core.models import DocType, Document, FieldRead, Severity
from records.db import AuditRow, CaseRow
from records.monthly import build_report, month_bounds, to_csv
from records.prefill import prefill
from records.store import Store
from review import ops
from review.main import make_app
from tests.review.test_app import NIK_OK, _csrf, _ktp, _login
from validators.rules import check_case, check_document

WITA = ZoneInfo("Asia/Makassar")
NPWP_OK, NPWP_BAD = "013121660091000", "013121661091000"  # check digit 0 is right, 1 is not
NIK_SHORT = "631106450885000"  # 15 digits


def _npwp(number: str) -> Document:
    fields = {"npwp": FieldRead(value=number, confidence=0.9),
              "nama": FieldRead(value="SITI RAHAYU", confidence=0.9),
              "nik": FieldRead(value=NIK_OK, confidence=0.9)}
    doc = Document(doc_type=DocType.NPWP, source="npwp.jpg", confidence=0.9, fields=fields)
    return doc.model_copy(update={"findings": check_document(doc, office="63.11")})


def _wita(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=WITA).astimezone(UTC)


def _date(store: Store, case_id: str, created: datetime, decided: datetime | None) -> None:
    """Move a generated case into the past (Core updates: the ORM's audit guard stays)."""
    with store.engine.begin() as conn:
        conn.execute(update(CaseRow).where(CaseRow.id == case_id).values(created_at=created))
        conn.execute(update(AuditRow).where(AuditRow.case_id == case_id,
                                            AuditRow.action != "status").values(at=created))
        if decided is not None:
            conn.execute(update(AuditRow).where(AuditRow.case_id == case_id,
                                                AuditRow.action == "status").values(at=decided))


PLAN = [  # day, hour (WITA), bad NIK, bad NPWP, e-mail, KBLI, decision, hours to decision
    (2, 9, False, False, "siti@gmail.com", "47111", "approved", 5),
    (3, 10, True, False, "", "", "rejected", 2),
    (5, 11, False, True, "budi@gmial.com", "47111", "approved", 30),
    (9, 8, False, False, "", "99999", "approved", 50),
    (12, 14, True, True, "ani@yaho.com", "", "rejected", 1),
    (16, 9, False, False, "rina@gmail.com", "56102", "", 0),
    (23, 10, False, False, "", "", "approved", 3),
    (30, 23, False, False, "", "", "", 0),  # 30 Nov 23:00 WITA = 15:00 UTC: still November
]


@pytest.fixture
def month_store(store: Store) -> Store:
    """Eight November cases, one of October and one of December (outside the month)."""
    for day, hour, bad_nik, bad_npwp, email, kbli, decision, hours in PLAN:
        ktp = _ktp(NIK_SHORT if bad_nik else NIK_OK)
        docs = [ktp, _npwp(NPWP_BAD if bad_npwp else NPWP_OK)]
        case_id = store.create_case(files=[], documents=docs, errors=[], record=prefill(docs),
                                    findings=check_case(docs, office="63.11"))
        typed = {k: v for k, v in (("email", email), ("kbli", kbli)) if v}
        version = 1
        if typed:
            version = ops.save_record(store, case_id, typed, actor="ani", expected_version=1,
                                      office="63.11").version
        version = ops.set_status(store, case_id, "submitted", actor="ani", role="clerk",
                                 expected_version=version).version
        if decision:
            ops.set_status(store, case_id, decision, actor="budi", role="supervisor",
                           expected_version=version,
                           reason="NIK tidak cocok dengan Dukcapil" if decision == "rejected"
                           else "")
        created = _wita(day, hour)
        _date(store, case_id, created, created + timedelta(hours=hours))
    for month, day in ((10, 28), (12, 1)):
        docs = [_ktp(NIK_SHORT)]
        other = store.create_case(files=[], documents=docs, errors=[], record=prefill(docs),
                                  findings=[])
        _date(store, other, _wita(day, 10, month), None)
    return store


def test_figures_match_the_store(month_store: Store) -> None:
    store = month_store
    report = build_report(store.engine, "2026-11", "Asia/Makassar")
    start, end = month_bounds("2026-11", "Asia/Makassar")
    views = [store.get_case(c.id) for c in store.list_cases(status=None, limit=1000)]

    def aware(at: datetime) -> datetime:
        return at if at.tzinfo else at.replace(tzinfo=UTC)

    received = [v for v in views if start <= aware(v.created_at) < end]
    assert report.received == len(received) == len(PLAN)
    assert report.approved == sum(p[6] == "approved" for p in PLAN) == 4
    assert report.rejected == 2 and report.open == 2
    assert [r.reason for r in report.rejections] == ["NIK tidak cocok dengan Dukcapil"] * 2
    assert report.median_hours_to_approval == statistics.median([5, 30, 50, 3])
    assert [w.received for w in report.weeks] == [3, 2, 1, 1, 1]  # days 1-7, 8-14, …, 29-30
    assert [w.approved for w in report.weeks] == [2, 1, 0, 1, 0]  # the 5th + 30 h: 6 Nov

    def has(view, code: str) -> bool:
        found = view.findings + [f for d in view.documents for f in d.findings]
        return any(f.code == code for f in found)

    for row in report.codes:
        assert row.cases == sum(has(v, row.code) for v in received), row.code
    shares = {s.key: s.cases for s in report.shares}
    assert shares == {"nik": 2, "npwp": 2, "kbli": 1, "email": 2}
    assert {s.key: s.share for s in report.shares}["nik"] == 0.25
    assert any(r.code == "npwp.check_digit" and r.severity == Severity.ERROR.value
               for r in report.codes)
    clerks = {c.name: c for c in report.clerks}
    assert (clerks["ani"].edits, clerks["ani"].submitted) == (8, len(PLAN))
    assert (clerks["budi"].approved, clerks["budi"].rejected, clerks["budi"].cases) == (4, 2, 6)

    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert rows[0] == ["bagian", "kunci", "nilai", "bagian_persen", "keterangan"]
    assert ["ringkasan", "diterima", "8", "", ""] in rows
    assert ["porsi", "nik", "2", "25.0", "NIK tidak sah"] in rows


def test_csv_cells_are_safe_for_spreadsheets(month_store: Store) -> None:
    store = month_store
    case_id = store.list_cases(status="needs_review")[0].id
    version = ops.set_status(store, case_id, "submitted", actor="ani", role="clerk",
                             expected_version=store.get_case(case_id).version).version
    ops.set_status(store, case_id, "rejected", actor="budi", role="supervisor",
                   expected_version=version, reason='=HYPERLINK("http://x","klik")')
    now = datetime.now(WITA).strftime("%Y-%m")
    text = to_csv(build_report(store.engine, now, "Asia/Makassar"))
    assert "'=HYPERLINK" in text and ',=HYPERLINK' not in text


def test_report_page_command_and_month_errors(month_store: Store, tmp_path, monkeypatch) -> None:
    client = _login(month_store, "ani")
    page = client.get("/report", params={"month": "2026-11"})
    assert page.status_code == 200
    html = page.text
    assert 'id="n-received">8<' in html and 'id="n-approved">4<' in html
    assert html.count('class="bar received"') == 5 and "<script>" not in html
    assert "NIK tidak cocok dengan Dukcapil" in html
    svg = client.get("/report/weeks.svg", params={"month": "2026-11"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg")
    got = client.get("/report.csv", params={"month": "2026-11"})
    assert "attachment; filename=laporan-2026-11.csv" in got.headers["content-disposition"]
    bad = client.get("/report", params={"month": "2026-13"})
    assert bad.status_code == 422 and "YYYY-MM" in bad.text
    assert TestClient(make_app(month_store)).get("/report", follow_redirects=False) \
        .status_code in (302, 303, 307)

    from typer.testing import CliRunner

    from core.settings import get_settings
    from flows.cli import app

    monkeypatch.setenv("INTAKE_DB_URL", month_store.url)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(month_store.data_dir))
    get_settings.cache_clear()
    try:
        out = CliRunner().invoke(app, ["report", "--month", "2026-11", "--csv",
                                       str(tmp_path / "r.csv"), "--svg", str(tmp_path)])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert out.exit_code == 0, out.output
    assert "Diterima 8 · disetujui 4 · ditolak 2" in out.output
    assert (tmp_path / "r.csv").read_text().startswith("bagian,kunci")
    assert (tmp_path / "minggu-2026-11.svg").read_text().count('class="bar received"') == 5
    assert _csrf  # the helpers come from the desk's own tests
