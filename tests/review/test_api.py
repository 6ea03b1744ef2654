"""The JSON API under /api, on SQLite and on PostgreSQL (the ``store`` fixture of conftest.py):
login, CSRF header, queue, case, correction with re-validation, conflict, approve/reject, uploads
through the real intake flow, exports, OpenAPI page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from flows.cli_review import _run_intake
from flows.prefect_setup import configure
from records.models import RECORD_FIELD_NAMES
from records.store import Store
from review.main import make_app
from tests.review.conftest import as_flow_store
from tests.review.test_app import NIK_BAD, NIK_OK, _case, _csrf

configure()  # Prefect's home in the tests' data folder, before a test points the store elsewhere

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
HEADER = "X-CSRF-Token"


def _login(client: TestClient, name: str) -> dict[str, str]:
    """Log in through the API; the headers to send with a change."""
    r = client.post("/api/login", json={"name": name, "password": f"rahasia-{name}"})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == name
    return {HEADER: r.json()["csrf_token"]}


def _client(store: Store, name: str, **kw: Any) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(make_app(store, **kw))
    return client, _login(client, name)


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/session"), ("get", "/api/cases"), ("get", "/api/cases/X"),
    ("patch", "/api/cases/X/record"), ("post", "/api/cases/X/status"),
    ("post", "/api/uploads"), ("get", "/api/uploads/X"), ("get", "/api/export.json"),
    ("get", "/api/export.csv"), ("post", "/api/logout"), ("get", "/api/openapi.json"),
    ("get", "/api/docs/swagger-ui-bundle.js"),
])
def test_logged_out_gets_401_json(store: Store, method: str, path: str) -> None:
    r = TestClient(make_app(store)).request(method, path, headers={HEADER: "x"})
    assert r.status_code == 401
    assert r.json() == {"detail": "login required"}


def test_session_token_and_logout(store: Store) -> None:
    client = TestClient(make_app(store))
    plain = client.post("/api/login", content='{"name": "ani", "password": "rahasia-ani"}',
                        headers={"content-type": "text/plain"})  # what a cross-site form sends
    assert plain.status_code == 422 and client.get("/api/session").status_code == 401
    headers = _login(client, "ani")
    session = client.get("/api/session").json()
    assert session == {"name": "ani", "role": "clerk", "csrf_token": headers[HEADER]}
    assert client.post("/api/logout").status_code == 403
    assert client.post("/api/logout", headers=headers).status_code == 204
    assert client.get("/api/cases").status_code == 401
    relogin = _login(client, "ani")
    assert relogin[HEADER] != headers[HEADER]  # a new session, a new token


def test_html_login_cookie_works_for_the_api(store: Store) -> None:
    client = TestClient(make_app(store))
    token = _csrf(client.get("/login").text)
    client.post("/login", data={"csrf_token": token, "name": "budi",
                                "password": "rahasia-budi", "next": "/"})
    session = client.get("/api/session").json()
    assert session["name"] == "budi" and session["role"] == "supervisor"
    assert client.post("/api/logout", headers={HEADER: session["csrf_token"]}).status_code == 204
    assert client.get("/", follow_redirects=False).status_code == 303  # logged out of the pages


def test_wrong_password_then_throttled_across_page_and_api(store: Store) -> None:
    client = TestClient(make_app(store))
    token = _csrf(client.get("/login").text)
    pages = [client.post("/login", data={"csrf_token": token, "name": "ani",
                                          "password": "salah"}).status_code for _ in range(3)]
    api = [client.post("/api/login", json={"name": "ani", "password": "salah"})
           for _ in range(3)]
    assert pages == [401] * 3
    assert [r.status_code for r in api] == [401, 401, 429]
    assert "kata sandi salah" in api[0].json()["detail"]
    right = client.post("/api/login", json={"name": "ani", "password": "rahasia-ani"})
    assert right.status_code == 429  # blocked for a while, even with the right password


def test_changes_without_csrf_header_are_refused(store: Store) -> None:
    case_id = _case(store)
    client, _ = _client(store, "ani")
    calls = [
        ("patch", f"/api/cases/{case_id}/record", {"version": 1, "changes": {"nik": NIK_OK}}),
        ("post", f"/api/cases/{case_id}/status", {"version": 1, "status": "approved"}),
    ]
    for method, path, body in calls:
        for sent in ({}, {HEADER: "not-the-token"}):
            r = client.request(method, path, json=body, headers=sent)
            assert r.status_code == 403 and HEADER in r.json()["detail"]
    files = {"files": ("ktp.jpg", (SPECIMENS / "case_010" / "ktp.jpg").read_bytes())}
    assert client.post("/api/uploads", files=files).status_code == 403
    view = store.get_case(case_id)
    assert view.version == 1 and view.status == "needs_review" and view.record.get("nik") == NIK_BAD


def test_queue_lists_masked_nik_filters_and_searches(store: Store) -> None:
    case_id = _case(store)
    client, _ = _client(store, "ani")
    r = client.get("/api/cases")
    assert r.status_code == 200 and NIK_BAD not in r.text
    [item] = r.json()
    assert item["id"] == case_id and item["status"] == "needs_review"
    assert item["nik_masked"] == "6311********0003" and item["applicant_name"] == "SITI RAHAYU"
    assert item["n_errors"] >= 1 and item["age_seconds"] >= 0 and item["version"] == 1
    assert [c["id"] for c in client.get("/api/cases?q=rahayu").json()] == [case_id]
    assert [c["id"] for c in client.get("/api/cases?q=631106").json()] == [case_id]
    assert client.get("/api/cases?q=BUDIMAN").json() == []
    assert client.get("/api/cases?status=approved").json() == []
    assert client.get("/api/cases?status=bogus").status_code == 422


def test_case_has_record_documents_findings_and_audit(store: Store) -> None:
    case_id = _case(store)
    client, _ = _client(store, "ani")
    case = client.get(f"/api/cases/{case_id}").json()
    assert case["version"] == 1 and case["nik"] == NIK_BAD
    assert [v["name"] for v in case["record"]] == list(RECORD_FIELD_NAMES)
    nik = case["record"][0]
    assert nik["value"] == NIK_BAD and nik["origin"] == "document" and nik["mark"] == "error"
    assert nik["source"]["doc_type"] == "ktp" and nik["source"]["bbox"] is not None
    [doc] = case["documents"]
    assert doc["doc_type"] == "ktp" and doc["fields"]["nik"]["confidence"] == 0.9
    assert len(doc["fields"]["nama"]["bbox"]) == 4
    codes = {f["code"] for f in case["findings"]}
    assert "nik.sex_mismatch" in codes or "nik.birth_date_mismatch" in codes
    assert [a["action"] for a in case["audit"]] == ["created"]
    missing = client.get("/api/cases/NOSUCHCASE")
    assert missing.status_code == 404 and "NOSUCHCASE" in missing.json()["detail"]


def test_correction_clears_finding_then_approve_and_export(store: Store) -> None:
    first, second = _case(store), _case(store)
    client, headers = _client(store, "ani")
    r = client.patch(f"/api/cases/{first}/record", headers=headers,
                     json={"version": 1, "changes": {"nik": f" {NIK_OK} ", "email": "x@y.id"}})
    assert r.status_code == 200, r.text
    case = r.json()
    assert case["version"] == 2 and case["record"][0]["value"] == NIK_OK
    assert case["record"][0]["origin"] == "clerk" and case["record"][0]["mark"] is None
    assert not {"nik.sex_mismatch", "nik.birth_date_mismatch"} & {f["code"] for f in
                                                                  case["findings"]}
    edit = next(a for a in case["audit"] if a["field"] == "nik")
    assert (edit["actor"], edit["old_value"], edit["new_value"]) == ("ani", NIK_BAD, NIK_OK)
    same = client.patch(f"/api/cases/{first}/record", headers=headers,
                        json={"version": 2, "changes": {"nik": NIK_OK.lower()}})
    assert same.json()["version"] == 2  # nothing changed: nothing saved
    unknown = client.patch(f"/api/cases/{first}/record", headers=headers,
                           json={"version": 2, "changes": {"gaji": "1"}})
    assert unknown.status_code == 422 and "gaji" in unknown.text

    kasi, kasi_h = _client(store, "budi")  # the supervisor decides
    reject = kasi.post(f"/api/cases/{second}/status", headers=kasi_h,
                       json={"version": 1, "status": "rejected", "reason": "  "})
    assert reject.status_code == 422 and "alasan" in reject.json()["detail"]
    for case_id, version in ((second, 1), (first, 2)):  # approved newest first
        r = kasi.post(f"/api/cases/{case_id}/status", headers=kasi_h,
                      json={"version": version, "status": "approved",
                            "reason": "NPWP menyusul"})  # KTP only: the checklist wants one
        assert r.status_code == 200 and r.json()["status"] == "approved"
    assert r.json()["audit"][-1]["new_value"] == "approved"

    rows = client.get("/api/export.json").json()
    assert [row["case_id"] for row in rows] == [first, second]  # oldest case first
    assert list(rows[0]) == ["case_id", *RECORD_FIELD_NAMES]
    assert (rows[0]["nik"], rows[0]["email"], rows[1]["nik"]) == (NIK_OK, "X@Y.ID", NIK_BAD)
    csv_r = client.get("/api/export.csv")
    assert csv_r.headers["content-type"].startswith("text/csv")
    lines = csv_r.text.splitlines()
    assert lines[0] == ",".join(["case_id", *RECORD_FIELD_NAMES])
    assert lines[1].startswith(f"{first},{NIK_OK},SITI RAHAYU,PARINGIN,1985-08-05")
    assert lines[2].startswith(f"{second},{NIK_BAD},")


def test_second_clerk_gets_409_with_the_other_change(store: Store) -> None:
    case_id = _case(store)
    (ani, ani_h), (budi, budi_h) = _client(store, "ani"), _client(store, "budi")
    assert ani.get(f"/api/cases/{case_id}").json()["version"] == 1
    assert budi.get(f"/api/cases/{case_id}").json()["version"] == 1
    first = ani.patch(f"/api/cases/{case_id}/record", headers=ani_h,
                      json={"version": 1, "changes": {"nama": "siti rahayu putri"}})
    assert first.status_code == 200
    late = budi.patch(f"/api/cases/{case_id}/record", headers=budi_h,
                      json={"version": 1, "changes": {"alamat": "jl. baru 1"}})
    assert late.status_code == 409
    body = late.json()
    assert (body["expected_version"], body["current_version"]) == (1, 2)
    assert body["mine"] == {"alamat": "JL. BARU 1"}
    [theirs] = body["theirs"]
    assert (theirs["actor"], theirs["field"], theirs["new_value"]) == \
        ("ani", "nama", "SITI RAHAYU PUTRI")
    assert body["current"]["record"][1]["value"] == "SITI RAHAYU PUTRI"
    assert store.get_case(case_id).record.get("alamat") == "JL. AHMAD YANI NO. 5"
    stale = budi.post(f"/api/cases/{case_id}/status", headers=budi_h,
                      json={"version": 1, "status": "approved"})
    assert stale.status_code == 409 and stale.json()["mine"] == {"status": "approved"}
    assert store.get_case(case_id).status == "needs_review"


@pytest.mark.parametrize(("files", "message"), [
    ({"files": ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100)}, "bukan PDF atau gambar"),
    ({"files": ("kosong.pdf", b"")}, "berkas kosong"),
    ({"files": ("besar.pdf", b"%PDF" + b"\x00" * 2048)}, "terlalu besar"),
    (None, "Tidak ada berkas"),
])
def test_bad_upload_gets_422_with_a_message(store: Store, files: dict | None,
                                            message: str) -> None:
    client, headers = _client(store, "ani", max_bytes=1024)
    r = client.post("/api/uploads", headers=headers, files=files)
    assert r.status_code == 422 and message in r.json()["detail"]
    assert client.get("/api/cases").status_code == 200


def test_messages_follow_the_desks_language_switch(store: Store) -> None:
    client, headers = _client(store, "ani")
    client.post("/lang", data={"lang": "en"}, headers=headers, follow_redirects=False)
    r = client.post("/api/uploads", headers=headers, files={"files": ("kosong.pdf", b"")})
    assert r.status_code == 422 and r.json()["detail"] == "kosong.pdf: the file is empty."


def _wait(client: TestClient, job: dict[str, Any]) -> dict[str, Any]:
    """Poll the upload until the intake job has finished (or a generous deadline passed)."""
    deadline = time.monotonic() + 600
    while job["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = client.get(f"/api/uploads/{job['id']}").json()
    return job


def test_upload_without_an_intake_flow_fails_with_a_message(store: Store) -> None:
    client, headers = _client(store, "ani")  # make_app without intake=
    ktp = SPECIMENS / "case_010" / "ktp.jpg"
    r = client.post("/api/uploads", headers=headers,
                    files={"files": (ktp.name, ktp.read_bytes())})
    assert r.status_code == 202
    job = _wait(client, r.json())
    assert job["state"] == "failed" and job["case_id"] is None and job["message"]


@pytest.fixture
def flow_store(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The store, also as the intake flow's store."""
    with as_flow_store(store, monkeypatch):
        yield store


def test_upload_of_a_specimen_runs_the_intake_flow(flow_store: Store) -> None:
    client, headers = _client(flow_store, "ani", intake=_run_intake)
    paths = sorted((SPECIMENS / "case_010").glob("*.jpg"))
    files = [("files", (p.name, p.read_bytes())) for p in paths]
    r = client.post("/api/uploads", headers=headers, files=files)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["files"] == [p.name for p in paths] and job["state"] in ("queued", "running")
    job = _wait(client, job)
    assert job["state"] == "done", job
    case = client.get(f"/api/cases/{job['case_id']}").json()
    assert case["nik"] == "6311021803720803"  # truth.json of case_010
    assert {d["doc_type"] for d in case["documents"]} == {"ktp", "npwp", "permit"}
    assert sorted(f["filename"] for f in case["files"]) == [p.name for p in paths]
    assert job["case_id"] in [c["id"] for c in client.get("/api/cases").json()]
    assert client.get("/api/uploads/unknown").status_code == 404


def test_openapi_page_lists_the_routes(store: Store) -> None:
    anonymous = TestClient(make_app(store))
    r = anonymous.get("/api/docs", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/api/docs"
    client, _ = _client(store, "ani")
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) >= {
        "/api/login", "/api/session", "/api/logout", "/api/cases", "/api/cases/{case_id}",
        "/api/cases/{case_id}/record", "/api/cases/{case_id}/status", "/api/uploads",
        "/api/uploads/{job_id}", "/api/export.json", "/api/export.csv"}
    assert schema["components"]["securitySchemes"]["csrf"]["name"] == HEADER
    assert HEADER in schema["info"]["description"]
    patch = schema["paths"]["/api/cases/{case_id}/record"]["patch"]
    assert {"session": []} in patch["security"] and {"csrf": []} in patch["security"]
    assert "409" in patch["responses"]
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/static/swagger-init.js" in page.text
    assert "/api/openapi.json" in client.get("/static/swagger-init.js").text
    assert "/api/docs/swagger-ui-bundle.js" in page.text and "cdn" not in page.text.lower()
    js = client.get("/api/docs/swagger-ui-bundle.js")
    assert js.status_code == 200 and "SwaggerUIBundle" in js.text
    assert client.get("/api/docs/..%2Fcore.py").status_code == 404
