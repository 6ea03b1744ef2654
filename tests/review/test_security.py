"""Issue 14 over HTTP, on SQLite and PostgreSQL: sessions that really end, roles, final approvals,
security headers, spreadsheet-safe exports, the pixel budget in the desk, private files."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.settings import get_settings
from records.db import DeskSessionRow
from records.export import safe_cell
from records.store import Store
from review.accounts import authenticate
from review.main import make_app
from review.security import CSP
from review.sessions import COOKIE
from tests.extractors.test_pixel_budget import png_bomb
from tests.review.test_app import NIK_OK, _case, _csrf

HEADER = "X-CSRF-Token"
TEMPLATES = Path(__file__).resolve().parents[2] / "review" / "templates"


def _login(store: Store, name: str, password: str | None = None, **kw: object) -> TestClient:
    client = TestClient(make_app(store), **kw)  # type: ignore[arg-type]
    token = _csrf(client.get("/login").text)
    r = client.post("/login", data={"csrf_token": token, "name": name,
                                    "password": password or f"rahasia-{name}", "next": "/"})
    assert r.status_code == 200 and "Antrian" in r.text, r.text
    return client


def _api(store: Store, name: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(make_app(store))
    r = client.post("/api/login", json={"name": name, "password": f"rahasia-{name}"})
    assert r.status_code == 200, r.text
    return client, {HEADER: r.json()["csrf_token"]}


def _copy(store: Store, client: TestClient) -> TestClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = TestClient(make_app(store))
    thief.cookies.set(COOKIE, client.cookies[COOKIE])
    return thief


# -- sessions -------------------------------------------------------------------------------
def test_logout_ends_the_session_even_for_a_copied_cookie(store: Store) -> None:
    case_id = _case(store)
    client, headers = _api(store, "ani")
    thief = _copy(store, client)
    assert thief.get("/api/session").status_code == 200
    assert thief.get("/", follow_redirects=False).status_code == 200
    assert client.post("/api/logout", headers=headers).status_code == 204
    assert thief.get("/api/session").status_code == 401
    assert thief.get("/", follow_redirects=False).status_code == 303
    patch = thief.patch(f"/api/cases/{case_id}/record", headers=headers,
                        json={"version": 1, "changes": {"nama": "PENCURI"}})
    assert patch.status_code == 401
    assert store.get_case(case_id).record.get("nama") == "SITI RAHAYU"
    page = _login(store, "ani")  # the HTML logout too
    thief = _copy(store, page)
    token = _csrf(page.get("/").text)
    page.post("/logout", data={"csrf_token": token})
    assert thief.get("/", follow_redirects=False).status_code == 303


def test_the_cookie_holds_a_token_the_store_keeps_only_hashed(store: Store) -> None:
    client = _login(store, "ani")
    token = client.cookies[COOKIE]
    with Session(store.engine) as s:
        rows = s.scalars(select(DeskSessionRow).where(DeskSessionRow.user_name == "ani")).all()
    assert [r.id for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in str(rows[0].data)
    r = TestClient(make_app(store)).get("/login")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Max-Age" not in cookie and "expires" not in cookie.lower()  # ends with the browser


def test_a_new_login_gets_a_new_token(store: Store) -> None:
    client = TestClient(make_app(store))
    token = _csrf(client.get("/login").text)
    before = client.cookies[COOKIE]
    client.post("/login", data={"csrf_token": token, "name": "ani", "password": "rahasia-ani"})
    assert client.cookies[COOKIE] != before  # no session fixation
    fixed = TestClient(make_app(store))
    fixed.cookies.set(COOKIE, before)
    assert fixed.get("/", follow_redirects=False).status_code == 303


def test_a_password_change_ends_the_other_sessions(store: Store) -> None:
    desk, other = _login(store, "ani"), _login(store, "ani")
    before = desk.cookies[COOKIE]
    token = _csrf(desk.get("/password").text)
    wrong = desk.post("/password", data={"csrf_token": token, "current": "salah",
                                         "new": "baru-sekali-1", "repeat": "baru-sekali-1"})
    assert wrong.status_code == 422 and "Kata sandi sekarang salah." in wrong.text
    r = desk.post("/password", data={"csrf_token": token, "current": "rahasia-ani",
                                     "new": "baru-sekali-1", "repeat": "baru-sekali-1"})
    assert r.status_code == 200 and "sesi Anda yang lain diakhiri" in r.text
    assert desk.cookies[COOKIE] != before  # this browser goes on, on a new token
    assert desk.get("/", follow_redirects=False).status_code == 200
    assert other.get("/", follow_redirects=False).status_code == 303
    assert authenticate(store, "ani", "rahasia-ani") is None
    assert authenticate(store, "ani", "baru-sekali-1") == ("ani", "clerk")


def test_idle_sessions_end(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_settings().session_idle_hours == 8
    client, _ = _api(store, "ani")
    with Session(store.engine) as s, s.begin():
        s.execute(update(DeskSessionRow).values(
            last_seen=datetime.now(UTC) - timedelta(hours=7, minutes=50)))
    assert client.get("/api/session").status_code == 200
    with Session(store.engine) as s, s.begin():
        s.execute(update(DeskSessionRow).values(
            last_seen=datetime.now(UTC) - timedelta(hours=8, minutes=1)))
    assert client.get("/api/session").status_code == 401
    monkeypatch.setenv("INTAKE_SESSION_IDLE_HOURS", "0.5")
    get_settings.cache_clear()
    try:
        client, _ = _api(store, "ani")
        with Session(store.engine) as s, s.begin():
            s.execute(update(DeskSessionRow).values(
                last_seen=datetime.now(UTC) - timedelta(minutes=31)))
        assert client.get("/api/session").status_code == 401
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_secure_cookie_over_https_or_by_setting(store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    https = TestClient(make_app(store), base_url="https://desk.kantor")
    r = https.get("/login")
    assert "Secure" in r.headers["set-cookie"]
    assert r.headers["strict-transport-security"] == "max-age=31536000"
    monkeypatch.setenv("INTAKE_SECURE_COOKIES", "true")
    get_settings.cache_clear()
    try:
        r = TestClient(make_app(store)).get("/login")
        assert "Secure" in r.headers["set-cookie"]
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


# -- roles and final decisions --------------------------------------------------------------
def test_a_clerk_submits_and_cannot_decide(store: Store) -> None:
    case_id = _case(store)
    clerk, h = _api(store, "ani")
    for status, reason in (("approved", ""), ("rejected", "KTP buram")):
        r = clerk.post(f"/api/cases/{case_id}/status", headers=h,
                       json={"version": 1, "status": status, "reason": reason})
        assert r.status_code == 403 and "Hanya Kasi (supervisor)" in r.json()["detail"]
    page = _login(store, "ani")
    html = page.get(f"/cases/{case_id}").text
    assert 'value="approved"' not in html and 'value="submitted"' in html
    r = page.post(f"/cases/{case_id}/status", data={"csrf_token": _csrf(html), "version": "1",
                                                   "status": "approved"})
    assert r.status_code == 403 and "Hanya Kasi (supervisor)" in r.text
    r = clerk.post(f"/api/cases/{case_id}/status", headers=h,
                   json={"version": 1, "status": "submitted"})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert store.get_case(case_id).status == "submitted"


def test_an_approved_record_is_final_until_the_supervisor_reopens_it(store: Store) -> None:
    case_id = _case(store)
    kasi, kh = _api(store, "budi")
    clerk, ch = _api(store, "ani")
    r = kasi.post(f"/api/cases/{case_id}/status", headers=kh,  # (NPWP to follow: a reason)
                  json={"version": 1, "status": "approved", "reason": "NPWP menyusul"})
    assert r.status_code == 200
    for who, h in ((clerk, ch), (kasi, kh)):  # read-only for everybody, API and page
        r = who.patch(f"/api/cases/{case_id}/record", headers=h,
                      json={"version": 2, "changes": {"nik": NIK_OK}})
        assert r.status_code == 423 and "sudah diputuskan" in r.json()["detail"]
    page = _login(store, "ani")
    html = page.get(f"/cases/{case_id}").text
    assert "readonly" in html and 'id="save"' not in html and 'id="reopen"' not in html
    r = page.post(f"/cases/{case_id}/record",
                  data={"csrf_token": _csrf(html), "version": "2", "nik": NIK_OK})
    assert r.status_code == 423 and "Kasi (supervisor) membukanya kembali" in r.text
    assert NIK_OK not in clerk.get("/api/export.csv").text  # the export keeps the approved value
    view = store.get_case(case_id)
    assert (view.status, view.version) == ("approved", 2)

    r = clerk.post(f"/api/cases/{case_id}/status", headers=ch,
                   json={"version": 2, "status": "needs_review", "reason": "salah ketik"})
    assert r.status_code == 403
    r = kasi.post(f"/api/cases/{case_id}/status", headers=kh,
                  json={"version": 2, "status": "rejected", "reason": "x"})
    assert r.status_code == 409 and "dibuka kembali dulu" in r.json()["detail"]
    r = kasi.post(f"/api/cases/{case_id}/status", headers=kh,
                  json={"version": 2, "status": "needs_review"})
    assert r.status_code == 422 and "memerlukan alasan" in r.json()["detail"]
    r = kasi.post(f"/api/cases/{case_id}/status", headers=kh,
                  json={"version": 2, "status": "needs_review", "reason": "NIK salah ketik"})
    assert r.status_code == 200
    last = r.json()["audit"][-1]
    assert (last["actor"], last["old_value"], last["new_value"], last["note"]) == \
        ("budi", "approved", "needs_review", "NIK salah ketik")
    r = clerk.patch(f"/api/cases/{case_id}/record", headers=ch,
                    json={"version": 3, "changes": {"nik": NIK_OK}})
    assert r.status_code == 200


def test_rejected_is_final_too_and_reopening_needs_the_supervisor(store: Store) -> None:
    case_id = _case(store)
    kasi = _login(store, "budi")
    html = kasi.get(f"/cases/{case_id}").text
    kasi.post(f"/cases/{case_id}/status", data={"csrf_token": _csrf(html), "version": "1",
                                               "status": "rejected", "reason": "buram"})
    html = kasi.get(f"/cases/{case_id}").text
    assert 'id="reopen"' in html and "readonly" in html
    r = kasi.post(f"/cases/{case_id}/status", data={"csrf_token": _csrf(html), "version": "2",
                                                   "status": "needs_review"})
    assert r.status_code == 422 and "memerlukan alasan" in r.text


# -- accounts -------------------------------------------------------------------------------
def test_only_the_supervisor_manages_accounts(store: Store) -> None:
    clerk = _login(store, "ani")
    assert "/accounts" not in clerk.get("/").text
    r = clerk.get("/accounts")
    assert r.status_code == 403 and "hanya untuk Kasi" in r.text
    token = _csrf(clerk.get("/").text)
    r = clerk.post("/accounts", data={"csrf_token": token, "name": "eve",
                                      "password": "rahasia-eve", "role": "supervisor"})
    assert r.status_code == 403 and authenticate(store, "eve", "rahasia-eve") is None


def test_supervisor_adds_disables_and_resets(store: Store) -> None:
    kasi = _login(store, "budi")
    token = _csrf(kasi.get("/accounts").text)
    r = kasi.post("/accounts", data={"csrf_token": token, "name": "citra",
                                     "password": "rahasia-citra", "role": "clerk"})
    assert r.status_code == 200 and "Akun citra dibuat." in r.text
    citra, _ = _api(store, "citra")
    assert citra.get("/api/session").json()["role"] == "clerk"
    r = kasi.post("/accounts/active", data={"csrf_token": token, "name": "citra",
                                            "active": "false"})
    assert "Akun citra dinonaktifkan; 1 sesi diakhiri." in r.text
    assert citra.get("/api/session").status_code == 401  # at once, not at the next login
    refused = TestClient(make_app(store)).post(
        "/api/login", json={"name": "citra", "password": "rahasia-citra"})
    assert refused.status_code == 401
    kasi.post("/accounts/active", data={"csrf_token": token, "name": "citra", "active": "true"})
    citra, _ = _api(store, "citra")
    r = kasi.post("/accounts/password", data={"csrf_token": token, "name": "citra",
                                              "password": "sandi-baru-99"})
    assert "Kata sandi citra diganti; 1 sesi diakhiri." in r.text
    assert citra.get("/api/session").status_code == 401
    assert authenticate(store, "citra", "sandi-baru-99") == ("citra", "clerk")
    r = kasi.post("/accounts/active", data={"csrf_token": token, "name": "budi",
                                            "active": "false"})
    assert r.status_code == 422 and "akun Anda sendiri" in r.text
    r = kasi.post("/accounts", data={"csrf_token": token, "name": "dedi", "password": "pendek"})
    assert r.status_code == 422 and "minimal 8 karakter" in r.text


def test_a_role_change_counts_at_once(store: Store) -> None:
    client, _ = _api(store, "ani")
    from records.db import UserRow

    with Session(store.engine) as s, s.begin():
        s.execute(update(UserRow).where(UserRow.name == "ani").values(role="supervisor"))
    assert client.get("/api/session").json()["role"] == "supervisor"


# -- headers --------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/login", "/", "/cases/NOPE", "/static/desk.css", "/api/docs",
                                  "/api/session", "/api/cases/NOPE", "/tidak-ada", "/accounts"])
def test_security_headers_on_every_answer(store: Store, path: str) -> None:
    client = _login(store, "ani")
    r = client.get(path, follow_redirects=False)
    assert r.headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "unsafe-inline" not in CSP
    assert "script-src 'self';" in CSP
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    if not path.startswith("/static"):
        assert r.headers["cache-control"] == "no-store"


def test_no_inline_script_or_handler_in_any_page(store: Store) -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:|style=",
                        re.IGNORECASE)
    for template in sorted(TEMPLATES.glob("*.html")):
        assert not inline.search(template.read_text()), template.name
    case_id = _case(store)
    client = _login(store, "budi")
    for path in ("/", f"/cases/{case_id}", f"/cases/{case_id}/print", "/accounts", "/upload",
                 "/password", "/api/docs"):
        html = client.get(path).text
        assert not inline.search(html), path
        for src in re.findall(r'<script src="([^"]+)"', html):
            assert client.get(src).status_code == 200, src


# -- exports --------------------------------------------------------------------------------
PAYLOADS = {"nama": '=HYPERLINK("http://x","y")', "alamat": "=1+1", "kel_desa": "+1+1",
            "email": "@SUM(1,2)", "kecamatan": "\t=1+1", "produk": "\r=1+1",
            "nama_usaha": "-1+1", "lokasi_usaha": "  =CMD|' /C calc'!A0"}


def test_csv_exports_neutralise_formulas(store: Store) -> None:
    case_id = _case(store)
    view = store.update_record(case_id, {**PAYLOADS, "koordinat": "-2.335700, 115.469600",
                                         "luas_lahan": "-5"}, actor="ani", expected_version=1)
    store.set_status(case_id, "approved", actor="budi", expected_version=view.version)
    client = _login(store, "ani")
    for path in ("/export.csv", "/api/export.csv"):
        [row] = list(csv.DictReader(io.StringIO(client.get(path).text)))
        for name, value in PAYLOADS.items():
            assert row[name] == "'" + value, (path, name, row[name])
        assert row["koordinat"] == "-2.335700, 115.469600" and row["luas_lahan"] == "-5"
        for cell in row.values():
            assert not cell.lstrip(" ").startswith(("=", "+", "@", "\t", "\r"))
    assert client.get("/api/export.json").json()[0]["alamat"] == "=1+1"  # JSON: data as is


@pytest.mark.parametrize(("value", "safe"), [
    ("=1+1", "'=1+1"), ("+1", "+1"), ("+1+1", "'+1+1"), ("-1", "-1"), ("-A1", "'-A1"),
    ("@x", "'@x"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), (" =1", "' =1"),
    ("JL. MERDEKA", "JL. MERDEKA"), ("", ""), ("0812-3456", "0812-3456"),
    ("-2,3357 115,4696", "-2,3357 115,4696"),
])
def test_safe_cell(value: str, safe: str) -> None:
    assert safe_cell(value) == safe
    assert safe_cell(5) == 5 and safe_cell(None) is None


# -- the pixel budget in the desk -----------------------------------------------------------
def test_the_desk_refuses_a_bomb_scan_fast(store: Store, tmp_path: Path) -> None:
    from core.models import DocType, Document, FieldRead
    from records.models import OssRecord

    stored = store.add_file(png_bomb(tmp_path / "bom.png"))
    doc = Document(doc_type=DocType.KTP, source="bom.png", confidence=0.5,
                   fields={"nik": FieldRead(value=NIK_OK, confidence=0.9, bbox=(1, 1, 5, 5))})
    case_id = store.create_case(files=[stored], documents=[doc], findings=[], errors=[],
                                record=OssRecord())
    client = _login(store, "ani")
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200 and "/scans/0/1.jpg" not in page.text
    r = client.get(f"/cases/{case_id}/scans/0/1.jpg")
    assert r.status_code == 404 and "Gambar dokumen tidak ada." in r.text


# -- private files --------------------------------------------------------------------------
def test_data_folder_store_and_scans_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        data = tmp_path / "data"
        store = Store(f"sqlite:///{data}/intake.db", data_dir=data)
        scan = tmp_path / "ktp.jpg"
        scan.write_bytes(b"\xff\xd8\xff" + b"\x00" * 100)
        stored = store.file_path(store.add_file(scan))
        store.close()
    finally:
        os.umask(old)
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "intake.db").stat().st_mode & 0o777 == 0o600
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700
    for extra in data.glob("intake.db-*"):
        assert extra.stat().st_mode & 0o777 == 0o600, extra


def test_uploads_are_private_and_deleted_once_stored(store: Store) -> None:
    seen: dict[str, int] = {}

    def intake(paths: list[Path]) -> str:
        seen.update({p.name: p.stat().st_mode & 0o777 for p in paths})
        seen["folder"] = paths[0].parent.stat().st_mode & 0o777
        files = [store.add_file(p) for p in paths]
        return store.create_case(files=files, documents=[], findings=[], errors=[],
                                 record=__import__("records.models").models.OssRecord())

    old = os.umask(0o022)
    try:
        client = TestClient(make_app(store, intake=intake))
        r = client.post("/api/login", json={"name": "ani", "password": "rahasia-ani"})
        h = {HEADER: r.json()["csrf_token"]}
        jpeg = b"\xff\xd8\xff" + b"\x01" * 200
        job = client.post("/api/uploads", headers=h, files=[("files", ("ktp.jpg", jpeg))]).json()
        for _ in range(200):
            job = client.get(f"/api/uploads/{job['id']}").json()
            if job["state"] in ("done", "failed"):
                break
            __import__("time").sleep(0.05)
    finally:
        os.umask(old)
    assert job["state"] == "done" and job["files"] == ["ktp.jpg"]
    assert seen == {"ktp.jpg": 0o600, "folder": 0o700}
    folder = store.data_dir / "uploads" / job["id"]
    assert not (folder / "ktp.jpg").exists()  # the store has its own copy
    assert (store.data_dir / "uploads").stat().st_mode & 0o777 == 0o700
