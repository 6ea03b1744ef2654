"""Review desk pages: 404, scans with outlined fields, sources side by side, English, print, CSV."""

from __future__ import annotations

import io
import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from core.messages import MESSAGES
from core.models import DocType, Document, FieldRead, Page, Severity
from extractors.load import iter_pages
from records.checklist import Status as ChecklistStatus
from records.models import RECORD_FIELD_NAMES, Section
from records.prefill import prefill
from records.store import Store
from review.accounts import ROLES
from review.main import make_app
from review.routes.cases import age
from review.scans import page_size
from review.uploads import JobState
from tests.review.test_app import NIK_BAD, NIK_OK, _case, _csrf, _ktp, _login
from validators.rules import check_case, check_document

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
TEMPLATES = Path(__file__).resolve().parents[2] / "review" / "templates"


def _scanned_case(store: Store) -> str:
    """A case on the committed specimen case_007/ktp.jpg, boxes from its truth.json."""
    path = SPECIMENS / "case_007" / "ktp.jpg"
    truth = json.loads((SPECIMENS / "case_007" / "truth.json").read_text())
    boxes = truth["files"][0]["field_boxes"]["ktp"]
    doc = _ktp(NIK_BAD)
    fields = {k: f.model_copy(update={"bbox": tuple(boxes[k])}) for k, f in doc.fields.items()}
    fields["nama"] = fields["nama"].model_copy(update={"confidence": 0.4})
    doc = doc.model_copy(update={"fields": fields, "source": str(path)})
    return store.create_case(files=[store.add_file(path)], documents=[doc],
                             findings=check_case([doc], office="63.11"), errors=[],
                             record=prefill([doc]))


def test_unknown_path_gets_an_html_404(store: Store) -> None:
    for client in (TestClient(make_app(store)), _login(store, "ani")):
        r = client.get("/tidak/ada")
        assert r.status_code == 404 and "text/html" in r.headers["content-type"]
        assert "Halaman /tidak/ada tidak ada." in r.text
    r = _login(store, "ani").get("/cases/NOPE")
    assert r.status_code == 404 and "Kasus NOPE tidak ada." in r.text


def test_case_page_outlines_the_read_fields_on_the_scan(store: Store) -> None:
    case_id = _scanned_case(store)
    client = _login(store, "ani")
    html = client.get(f"/cases/{case_id}").text
    assert 'viewBox="0 0 1011 638"' in html  # the specimen's pixel size
    nik_box = re.search(r'<rect class="box (\w+)" data-key="ktp:nik" x="202" y="115" '
                        r'width="483" height="34"', html)
    assert nik_box and nik_box.group(1) == "error"  # NIK contradicts PEREMPUAN
    assert re.search(r'class="box low" data-key="ktp:nama"', html)  # confidence 0.4
    assert re.search(r'class="box ok" data-key="ktp:agama"', html)
    finding = re.search(r'<li class="error"[^>]*data-code="nik.sex_mismatch" '
                        r'data-keys="([^"]+)"', html)
    assert finding and {"ktp:nik", "ktp:jenis_kelamin"} <= set(finding.group(1).split())
    row = re.search(r'<tr class="mark-error" id="row-nik" data-keys="([^"]+)"', html)
    assert row and "ktp:nik" in row.group(1).split()
    img = client.get(f"/cases/{case_id}/scans/0/1.jpg")
    assert img.status_code == 200 and img.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(img.content)).size == (1011, 638)
    assert client.get(f"/cases/{case_id}/scans/1/1.jpg").status_code == 404
    assert client.get(f"/cases/{case_id}/scans/0/2.jpg").status_code == 404
    logged_out = TestClient(make_app(store)).get(f"/cases/{case_id}/scans/0/1.jpg",
                                                 follow_redirects=False)
    assert logged_out.status_code == 303


@pytest.mark.parametrize("name", ["case_003/permit.pdf", "case_005/permit_scan.pdf",
                                  "case_001/permit.tif"])
def test_page_size_is_the_extractors_pixel_size(name: str) -> None:
    pages = [p for p in iter_pages(SPECIMENS / name) if isinstance(p, Page)]
    assert pages
    for p in pages:
        assert p.image is not None
        assert page_size(SPECIMENS / name, p.page) == (p.image.shape[1], p.image.shape[0])


def _disagreeing_case(store: Store) -> str:
    ktp = _ktp(NIK_OK)
    npwp = Document(doc_type=DocType.NPWP, source="npwp.jpg", fields={
        "npwp": FieldRead(value="0131216600910000", confidence=0.9),
        "nama": FieldRead(value="SITI RAHAJU", confidence=0.8, bbox=(5, 5, 100, 20)),
        "nik": FieldRead(value="6311064508850004", confidence=0.9)})
    permit = Document(doc_type=DocType.PERMIT, source="pbg.pdf", fields={
        "nama_pemilik": FieldRead(value="SITI RAHAYU", confidence=0.99),
        "nik": FieldRead(value=NIK_OK, confidence=0.99)})
    docs = [ktp, npwp.model_copy(update={"findings": check_document(npwp, office="63.11")}),
            permit]
    return store.create_case(files=[], documents=docs, findings=check_case(docs, office="63.11"),
                             errors=[], record=prefill(docs))


def test_conflicting_sources_side_by_side_and_use_this_value(store: Store) -> None:
    case_id = _disagreeing_case(store)
    client = _login(store, "ani")
    html = client.get(f"/cases/{case_id}").text
    panel = html[html.index('id="conflicts"'):html.index('id="record-form"')]
    assert "SITI RAHAYU" in panel and "SITI RAHAJU" in panel
    assert NIK_OK in panel and "6311064508850004" in panel
    assert "PBG/IMB" in panel  # the permit's owner name is shown beside the KTP's
    assert panel.count("pakai nilai ini") == 2  # one per value not in use
    keys = re.search(r'data-code="cross.npwp_nik_mismatch" data-keys="([^"]+)"', html)
    assert keys and set(keys.group(1).split()) == {"ktp:nik", "npwp:nik"}  # not the permit's
    # the clerk decides the KTP's NIK was misread: take the NPWP's
    r = client.post(f"/cases/{case_id}/record", data={
        "csrf_token": _csrf(html), "version": "1", "nik": "6311064508850004"})
    assert r.status_code == 200
    view = store.get_case(case_id)
    assert view.record.get("nik") == "6311064508850004" and view.version == 2
    assert [(a.field, a.old_value, a.new_value) for a in view.audit if a.action == "edit"] == [
        ("nik", NIK_OK, "6311064508850004")]
    assert "cross.npwp_nik_mismatch" not in r.text.split('id="findings"')[1].split("</ul>")[0]


def test_english_switch(store: Store) -> None:
    case_id = _case(store)
    client = TestClient(make_app(store))
    login = client.get("/login").text
    assert "Kata sandi" in login
    client.post("/lang", data={"csrf_token": _csrf(login), "lang": "en", "back": "/login"})
    login = client.get("/login").text
    assert "Password" in login and "Kata sandi" not in login and 'lang="en"' in login
    client.post("/login", data={"csrf_token": _csrf(login), "name": "ani",
                                "password": "rahasia-ani", "next": "/"})
    queue = client.get("/").text
    assert "Queue" in queue and "Needs review" in queue and "Antrian" not in queue
    page = client.get(f"/cases/{case_id}").text
    assert "Full name" in page and "Nama Lengkap" not in page
    assert "The NIK says" in page and "kartu mencetak" not in page  # the finding, in English
    client.post("/lang", data={"csrf_token": _csrf(page), "lang": "id", "back": "/"})
    assert "Antrian" in client.get("/").text


def test_every_template_string_is_in_the_table() -> None:
    keys = {k for path in TEMPLATES.glob("*.html")
            for k in re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", path.read_text())}
    fixed = {k for k in keys if not k.endswith(".")}
    assert fixed and fixed <= set(MESSAGES)
    built = {  # keys templates build from a value: every value has its text
        "status.": ("needs_review", "submitted", "approved", "rejected", "merged"),
        "role.": ROLES,
        "doc.": tuple(DocType), "section.": tuple(Section), "legend.": tuple(Severity)[:2],
        "audit.": ("created", "edit", "status", "checklist", "regroup", "files_added"),
        "job.state.": tuple(JobState),
        "checklist.": tuple(ChecklistStatus),  # the office's document checklist (issue 18)
    }
    assert keys - fixed == set(built)
    assert {f"{prefix}{v}" for prefix, values in built.items() for v in values} <= set(MESSAGES)


def test_printable_summary(store: Store) -> None:
    case_id = _case(store)
    html = _login(store, "ani").get(f"/cases/{case_id}/print").text
    assert '<link rel="stylesheet" href="/static/print.css">' in html
    css = TestClient(make_app(store)).get("/static/print.css").text
    assert "@page" in css and "@media print" in css
    assert "SITI RAHAYU" in html and NIK_BAD in html
    labels = re.findall(r"<tr><th>([^<]+)</th><td>", html)
    assert labels[:3] == ["NIK", "Nama Lengkap", "Tempat Lahir"]
    assert len(labels) == len(RECORD_FIELD_NAMES)
    r = TestClient(make_app(store)).get(f"/cases/{case_id}/print", follow_redirects=False)
    assert r.status_code == 303


def test_csv_export_follows_the_oss_form(store: Store) -> None:
    case_id = _case(store)
    store.set_status(case_id, "approved", actor="budi", expected_version=1)
    _case(store)  # still in review: not exported
    text = _login(store, "ani").get("/export.csv").text
    header, *rows = text.splitlines()
    assert header.split(",") == ["case_id", *RECORD_FIELD_NAMES]
    assert RECORD_FIELD_NAMES[:6] == ("nik", "nama", "tempat_lahir", "tanggal_lahir",
                                      "jenis_kelamin", "alamat")
    assert len(rows) == 1 and rows[0].startswith(f"{case_id},{NIK_BAD},SITI RAHAYU,PARINGIN,")


def test_queue_age_search_and_masking(store: Store) -> None:
    case_id = _case(store)
    client = _login(store, "ani")
    html = client.get("/", params={"q": "6311060508"}).text
    assert case_id in html and "6311********0003" in html and NIK_BAD not in html
    assert re.search(r"<td>\d+ menit</td>", html)
    assert case_id not in client.get("/", params={"q": "BUKAN SIAPA"}).text
    assert case_id not in client.get("/", params={"status": "approved"}).text


def test_status_must_exist_and_reject_needs_a_reason(store: Store) -> None:
    case_id = _case(store)
    client = _login(store, "budi")
    token = _csrf(client.get(f"/cases/{case_id}").text)
    r = client.post(f"/cases/{case_id}/status",
                    data={"csrf_token": token, "version": "1", "status": "hilang"})
    assert r.status_code == 422
    r = client.post(f"/cases/{case_id}/status",
                    data={"csrf_token": token, "version": "1", "status": "rejected"})
    assert r.status_code == 422 and "Penolakan memerlukan alasan." in r.text
    assert store.get_case(case_id).status == "needs_review"


def test_upload_keeps_two_files_of_the_same_name(store: Store) -> None:
    client = _login(store, "ani")  # no intake flow on this server: the job fails, and says why
    ktp = (SPECIMENS / "case_007" / "ktp.jpg").read_bytes()
    r = client.post("/upload", data={"csrf_token": _csrf(client.get("/upload").text)},
                    files=[("files", ("ktp.jpg", ktp)), ("files", ("ktp.jpg", ktp))])
    assert r.status_code == 200 and "Berkas: ktp.jpg, 2_ktp.jpg" in r.text
    for _ in range(100):
        if 'data-state="failed"' in r.text:
            break
        time.sleep(0.05)
        r = client.get(str(r.url))
    assert "Alur intake tidak tersedia di server ini." in r.text


def test_age_of_a_case() -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert age(datetime(2026, 3, 10, 11, 58, tzinfo=UTC), now) == ("age.minutes", 2)
    assert age(datetime(2026, 3, 10, 7, 0), now) == ("age.hours", 5)  # naive: stored UTC
    assert age(datetime(2026, 3, 7, 11, 0, tzinfo=UTC), now) == ("age.days", 3)
