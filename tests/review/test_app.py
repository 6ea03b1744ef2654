"""Review desk over HTTP: login guard, CSRF, edit with re-validation, conflict, export."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from core.models import DocType, Document, FieldRead
from records.prefill import prefill
from records.store import Store
from review.main import make_app
from validators.rules import check_case, check_document

NIK_OK = "6311064508850003"  # synthetic: woman born 1985-08-05, Balangan
NIK_BAD = "6311060508850003"  # day without +40: contradicts PEREMPUAN


def _ktp(nik: str) -> Document:
    values = {"provinsi": "KALIMANTAN SELATAN", "kabupaten_kota": "BALANGAN", "nik": nik,
              "nama": "SITI RAHAYU", "tempat_lahir": "PARINGIN", "tanggal_lahir": "1985-08-05",
              "jenis_kelamin": "PEREMPUAN", "alamat": "JL. AHMAD YANI NO. 5", "rt_rw": "003/001",
              "kel_desa": "PARINGIN KOTA", "kecamatan": "PARINGIN", "agama": "ISLAM",
              "status_perkawinan": "KAWIN", "pekerjaan": "WIRASWASTA",
              "kewarganegaraan": "WNI", "berlaku_hingga": "SEUMUR HIDUP"}
    fields = {k: FieldRead(value=v, confidence=0.9, bbox=(10, 10 + 30 * i, 300, 24))
              for i, (k, v) in enumerate(values.items())}
    doc = Document(doc_type=DocType.KTP, source="ktp.jpg", confidence=0.9, fields=fields)
    return doc.model_copy(update={"findings": check_document(doc, office="63.11")})


def _case(store: Store) -> str:
    doc = _ktp(NIK_BAD)
    return store.create_case(files=[], documents=[doc], findings=check_case([doc], office="63.11"),
                             errors=[], record=prefill([doc]))


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m
    return m.group(1)


def _login(store: Store, name: str) -> TestClient:
    client = TestClient(make_app(store))
    token = _csrf(client.get("/login").text)
    r = client.post("/login", data={"csrf_token": token, "name": name,
                                    "password": f"rahasia-{name}", "next": "/"})
    assert r.status_code == 200 and "Antrian" in r.text
    return client


@pytest.mark.parametrize("path", ["/", "/cases/X", "/cases/X/print", "/cases/X/scans/0/1.jpg",
                                  "/upload", "/upload/X", "/export.csv", "/api/openapi.json"])
def test_logged_out_redirects_to_login(store: Store, path: str) -> None:
    r = TestClient(make_app(store)).get(path, follow_redirects=False)
    if path.startswith("/api"):
        assert r.status_code == 401
        return
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_form_without_csrf_is_refused(store: Store) -> None:
    client = TestClient(make_app(store))
    r = client.post("/login", data={"name": "ani", "password": "rahasia-ani"})
    assert r.status_code == 403 and "CSRF" in r.text


def test_wrong_password_then_throttled(store: Store) -> None:
    client = TestClient(make_app(store))
    token = _csrf(client.get("/login").text)
    codes = [client.post("/login", data={"csrf_token": token, "name": "ani",
                                         "password": "salah"}).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]


def test_correct_nik_clears_finding_then_approve_and_export(store: Store) -> None:
    case_id = _case(store)
    client = _login(store, "ani")
    assert "6311********0003" in client.get("/").text
    page = client.get(f"/cases/{case_id}").text
    assert "nik.sex_mismatch" in page or "nik.birth_date_mismatch" in page
    form = {"csrf_token": _csrf(page), "version": "1", "nik": NIK_OK}
    page = client.post(f"/cases/{case_id}/record", data=form).text
    assert "sex_mismatch" not in page and "birth_date_mismatch" not in page
    assert NIK_BAD in page and NIK_OK in page  # audit: old → new
    r = client.post(f"/cases/{case_id}/status",
                    data={"csrf_token": _csrf(page), "version": "2", "status": "submitted"})
    assert "Diajukan ke Kasi" in r.text
    kasi = _login(store, "budi")
    page = kasi.get(f"/cases/{case_id}").text
    r = kasi.post(f"/cases/{case_id}/status",
                  data={"csrf_token": _csrf(page), "version": "3", "status": "approved",
                        "reason": "NPWP menyusul"})  # KTP only: the checklist wants a reason
    assert "Disetujui" in r.text
    csv_text = client.get("/export.csv").text
    assert csv_text.splitlines()[0].startswith("case_id,nik,nama")
    assert f"{case_id},{NIK_OK},SITI RAHAYU" in csv_text


def test_second_clerk_is_told_of_conflict(store: Store) -> None:
    case_id = _case(store)
    ani, budi = _login(store, "ani"), _login(store, "budi")
    page_a, page_b = ani.get(f"/cases/{case_id}").text, budi.get(f"/cases/{case_id}").text
    ani.post(f"/cases/{case_id}/record",
             data={"csrf_token": _csrf(page_a), "version": "1", "nama": "SITI RAHAYU PUTRI"})
    r = budi.post(f"/cases/{case_id}/record",
                  data={"csrf_token": _csrf(page_b), "version": "1", "alamat": "JL. BARU 1"})
    assert r.status_code == 409
    assert "SITI RAHAYU PUTRI" in r.text and "JL. BARU 1" in r.text


@pytest.mark.parametrize(("name", "data", "message"), [
    ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100, "bukan PDF atau gambar"),
    ("kosong.pdf", b"", "berkas kosong"),
    ("besar.pdf", b"%PDF" + b"\x00" * 2048, "terlalu besar"),
])
def test_bad_upload_gets_a_message(store: Store, name: str, data: bytes, message: str) -> None:
    client = TestClient(make_app(store, max_bytes=1024))
    token = _csrf(client.get("/login").text)
    client.post("/login", data={"csrf_token": token, "name": "ani", "password": "rahasia-ani"})
    token = _csrf(client.get("/upload").text)
    r = client.post("/upload", data={"csrf_token": token}, files={"files": (name, data)})
    assert r.status_code == 422 and message in r.text
    assert client.get("/").status_code == 200
