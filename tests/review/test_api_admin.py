"""The JSON API's accounts and file moves, on the real app and store (SQLite, and PostgreSQL with
INTAKE_TEST_PG_URL): the same role checks as the pages, CSRF header, sessions ended at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.models import DocType, Document, FieldRead
from records.prefill import prefill
from records.store import MERGED, Store
from review.main import make_app
from tests.review.test_app import NIK_BAD, _ktp
from validators.rules import check_case

HEADER = "X-CSRF-Token"


def _client(store: Store, name: str, password: str | None = None) -> tuple[TestClient,
                                                                           dict[str, str]]:
    """A logged-in API client and the CSRF header to send with a change."""
    client = TestClient(make_app(store))
    r = client.post("/api/login", json={"name": name, "password": password or f"rahasia-{name}"})
    assert r.status_code == 200, r.text
    return client, {HEADER: r.json()["csrf_token"]}


def _case(store: Store, tmp_path: Path, *names: str) -> str:
    """A case of SITI RAHAYU with one small stored file per name (a KTP, or a permit for pbg*)."""
    files, docs = [], []
    for name in names:
        path = tmp_path / name
        path.write_bytes(name.encode() * 10)
        files.append(store.add_file(path))
        if name.startswith("pbg"):
            docs.append(Document(doc_type=DocType.PERMIT, source=name, fields={
                "lokasi": FieldRead(value="JL. AHMAD YANI NO. 5", confidence=0.9)}))
        else:
            docs.append(_ktp(NIK_BAD).model_copy(update={"source": name}))
    return store.create_case(files=files, documents=docs, findings=check_case(docs, office="63.11"),
                             errors=[], record=prefill(docs))


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/accounts"), ("post", "/api/accounts"), ("post", "/api/accounts/ani/active"),
    ("post", "/api/accounts/ani/password"), ("post", "/api/password"),
    ("post", "/api/cases/X/files/0/move"), ("post", "/api/cases/X/merge"),
])
def test_logged_out_gets_401(store: Store, method: str, path: str) -> None:
    r = TestClient(make_app(store)).request(method, path, headers={HEADER: "x"}, json={})
    assert r.status_code == 401 and r.json() == {"detail": "login required"}


def test_supervisor_adds_disables_enables_and_resets_accounts(store: Store) -> None:
    kasi, headers = _client(store, "budi")
    listed = kasi.get("/api/accounts").json()
    assert [(a["name"], a["role"], a["active"]) for a in listed] == [
        ("ani", "clerk", True), ("budi", "supervisor", True)]
    assert listed[1]["sessions"] == 1  # this one
    r = kasi.post("/api/accounts", headers=headers,
                  json={"name": " citra ", "password": "rahasia-citra", "role": "clerk"})
    assert r.status_code == 201
    assert r.json()["account"]["name"] == "citra" and r.json()["message"] == "Akun citra dibuat."
    citra, _ = _client(store, "citra")

    r = kasi.post("/api/accounts/citra/active", headers=headers, json={"active": False})
    assert r.status_code == 200 and r.json()["sessions_ended"] == 1
    assert r.json()["account"]["active"] is False and r.json()["account"]["sessions"] == 0
    assert citra.get("/api/session").status_code == 401  # ended at once
    assert TestClient(make_app(store)).post(
        "/api/login", json={"name": "citra", "password": "rahasia-citra"}).status_code == 401
    r = kasi.post("/api/accounts/citra/active", headers=headers, json={"active": True})
    assert r.json()["account"]["active"] is True and r.json()["message"] == "Akun citra diaktifkan."

    citra, _ = _client(store, "citra")
    r = kasi.post("/api/accounts/citra/password", headers=headers, json={"password": "baru-citra1"})
    assert r.status_code == 200 and r.json()["sessions_ended"] == 1
    assert citra.get("/api/session").status_code == 401
    _client(store, "citra", "baru-citra1")


def test_account_refusals_answer_in_words(store: Store) -> None:
    kasi, headers = _client(store, "budi")
    cases = [
        ("/api/accounts", {"name": "ani", "password": "rahasia-lain"}, 422, "sudah ada"),
        ("/api/accounts", {"name": "dodi", "password": "pendek"}, 422, "minimal 8 karakter"),
        ("/api/accounts", {"name": "dodi", "password": "rahasia-dodi", "role": "admin"}, 422,
         "role"),
        ("/api/accounts/budi/active", {"active": False}, 422, "akun Anda sendiri"),
        ("/api/accounts/nobody/active", {"active": False}, 404, "Pengguna nobody tidak ada."),
        ("/api/accounts/nobody/password", {"password": "rahasia-baru"}, 404, "nobody"),
        ("/api/accounts/ani/password", {"password": "pendek"}, 422, "minimal 8 karakter"),
    ]
    for path, body, status, words in cases:
        r = kasi.post(path, headers=headers, json=body)
        assert r.status_code == status and words in r.text, (path, body, r.text)
    assert [a["name"] for a in kasi.get("/api/accounts").json()] == ["ani", "budi"]
    assert kasi.get("/api/session").status_code == 200  # still logged in


def test_a_clerk_may_not_manage_accounts(store: Store) -> None:
    clerk, headers = _client(store, "ani")
    assert clerk.get("/api/accounts").status_code == 403
    calls = [("/api/accounts", {"name": "eko", "password": "rahasia-eko"}),
             ("/api/accounts/budi/active", {"active": False}),
             ("/api/accounts/budi/password", {"password": "diambil-alih"})]
    for path, body in calls:
        r = clerk.post(path, headers=headers, json=body)
        assert r.status_code == 403 and "supervisor" in r.json()["detail"]
    _client(store, "budi")  # untouched
    assert TestClient(make_app(store)).post(
        "/api/login", json={"name": "eko", "password": "rahasia-eko"}).status_code == 401


def test_account_changes_need_the_csrf_header(store: Store) -> None:
    kasi, _ = _client(store, "budi")
    for sent in ({}, {HEADER: "not-the-token"}):
        r = kasi.post("/api/accounts", headers=sent,
                      json={"name": "eko", "password": "rahasia-eko"})
        assert r.status_code == 403 and HEADER in r.json()["detail"]
        r = kasi.post("/api/accounts/ani/active", headers=sent, json={"active": False})
        assert r.status_code == 403
    assert [a["active"] for a in kasi.get("/api/accounts").json()] == [True, True]


def test_own_password_ends_the_other_sessions_and_keeps_this_one(store: Store) -> None:
    ani, headers = _client(store, "ani")
    other, _ = _client(store, "ani")
    r = ani.post("/api/password", headers=headers,
                 json={"current": "salah-salah", "new": "baru-ani-123"})
    assert r.status_code == 422 and "salah" in r.json()["detail"]
    r = ani.post("/api/password", headers=headers,
                 json={"current": "rahasia-ani", "new": "baru-ani-123"})
    assert r.status_code == 204
    assert ani.get("/api/session").status_code == 200  # this session continues…
    assert other.get("/api/session").status_code == 401  # …the other one ended
    assert ani.post("/api/password", json={"current": "x", "new": "y"}).status_code == 403
    _client(store, "ani", "baru-ani-123")


def test_move_a_file_to_a_new_case_and_back(store: Store, tmp_path: Path) -> None:
    case_id = _case(store, tmp_path, "ktp.jpg", "pbg.pdf")
    clerk, headers = _client(store, "ani")
    stale = clerk.post(f"/api/cases/{case_id}/files/1/move", headers=headers,
                       json={"version": 0, "target": None})
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    r = clerk.post(f"/api/cases/{case_id}/files/1/move", headers=headers,
                   json={"version": 1, "target": None})
    assert r.status_code == 200, r.text
    split = r.json()
    assert split["id"] != case_id and [f["filename"] for f in split["files"]] == ["pbg.pdf"]
    assert [d["doc_type"] for d in split["documents"]] == ["permit"]
    left = clerk.get(f"/api/cases/{case_id}").json()
    assert [f["filename"] for f in left["files"]] == ["ktp.jpg"]
    assert left["audit"][-1]["action"] == "regroup"

    r = clerk.post(f"/api/cases/{split['id']}/files/0/move", headers=headers,
                   json={"version": split["version"], "target": case_id.lower()})
    assert r.status_code == 200 and r.json()["id"] == case_id
    assert [f["filename"] for f in r.json()["files"]] == ["ktp.jpg", "pbg.pdf"]

    missing = clerk.post(f"/api/cases/{case_id}/files/7/move", headers=headers,
                         json={"version": r.json()["version"]})
    assert missing.status_code == 404 and "nomor 8" in missing.json()["detail"]
    nowhere = clerk.post("/api/cases/NOPE/files/0/move", headers=headers, json={"version": 1})
    assert nowhere.status_code == 404 and "NOPE" in nowhere.json()["detail"]
    itself = clerk.post(f"/api/cases/{case_id}/files/0/move", headers=headers,
                        json={"version": r.json()["version"], "target": case_id})
    assert itself.status_code == 409 and "sama" in itself.json()["detail"]
    no_csrf = clerk.post(f"/api/cases/{case_id}/files/0/move", json={"version": 1})
    assert no_csrf.status_code == 403


def test_files_of_a_decided_case_do_not_move(store: Store, tmp_path: Path) -> None:
    case_id = _case(store, tmp_path, "ktp.jpg", "pbg.pdf")
    kasi, headers = _client(store, "budi")
    view = store.set_status(case_id, "approved", actor="budi", expected_version=1)
    r = kasi.post(f"/api/cases/{case_id}/files/1/move", headers=headers,
                  json={"version": view.version})
    assert r.status_code == 409 and "diputus" in r.json()["detail"]
    assert len(store.get_case(case_id).files) == 2


def test_merge_a_visit_and_only_a_supervisor_into_a_decided_case(store: Store,
                                                                 tmp_path: Path) -> None:
    first = _case(store, tmp_path, "ktp.jpg")
    second = _case(store, tmp_path, "pbg.pdf")
    third = _case(store, tmp_path, "ktp2.jpg")
    clerk, clerk_headers = _client(store, "ani")
    r = clerk.post(f"/api/cases/{second}/merge", headers=clerk_headers,
                   json={"version": 1, "into": first})
    assert r.status_code == 200, r.text
    assert r.json()["id"] == first and [f["filename"] for f in r.json()["files"]] == [
        "ktp.jpg", "pbg.pdf"]
    assert store.get_case(second).status == MERGED
    again = clerk.post(f"/api/cases/{second}/merge", headers=clerk_headers,
                       json={"version": store.get_case(second).version, "into": first})
    assert again.status_code == 409

    decided = store.set_status(first, "approved", actor="budi",
                               expected_version=store.get_case(first).version)
    r = clerk.post(f"/api/cases/{third}/merge", headers=clerk_headers,
                   json={"version": 1, "into": first})
    assert r.status_code == 403 and "supervisor" in r.json()["detail"]
    assert store.get_case(first).version == decided.version
    kasi, kasi_headers = _client(store, "budi")
    r = kasi.post(f"/api/cases/{third}/merge", headers=kasi_headers,
                  json={"version": 1, "into": first})
    assert r.status_code == 200 and r.json()["status"] == "needs_review"  # back to review
    assert len(r.json()["files"]) == 3


def test_the_openapi_page_documents_the_new_routes(store: Store) -> None:
    client, _ = _client(store, "ani")
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/accounts", "/api/accounts/{name}/active", "/api/accounts/{name}/password",
                 "/api/password", "/api/cases/{case_id}/files/{index}/move",
                 "/api/cases/{case_id}/merge"):
        assert path in schema["paths"], path
    assert {"AccountOut", "AccountChangeOut", "MoveIn", "MergeIn"} <= set(
        schema["components"]["schemas"])
