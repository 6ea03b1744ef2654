"""The applicant across visits in the desk: notice, merge button, queue by applicant, one NIB.

HTTP tests run on SQLite and PostgreSQL (the ``store`` fixture); one Chromium test clicks the
merge button.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from core.models import DocType, Document, FieldRead
from records.prefill import prefill
from records.store import MERGED, Store
from tests.review import test_browser
from tests.review.test_app import NIK_BAD, _csrf, _ktp, _login
from validators.rules import check_case

browser, server = test_browser.browser, test_browser.server  # Chromium and a live desk


def _visit(store: Store, tmp_path: Path, name: str, *, kbli: str | None = None) -> str:
    """A case of SITI RAHAYU (NIK_BAD) with one small stored file of its own."""
    path = tmp_path / name
    path.write_bytes(name.encode() * 10)
    docs = [_ktp(NIK_BAD)]
    if name.startswith("pbg"):
        docs.append(Document(doc_type=DocType.PERMIT, source=name, fields={
            "lokasi": FieldRead(value="JL. AHMAD YANI NO. 5", confidence=0.9),
            "lokasi_kel_desa": FieldRead(value="PARINGIN KOTA", confidence=0.9)}))
    record = prefill(docs)
    if kbli:
        record.values["kbli"] = record.values["kbli"].model_copy(update={"value": kbli})
    return store.create_case(files=[store.add_file(path)], documents=docs,
                             findings=check_case(docs, office="63.11"), errors=[], record=record)


def test_case_page_names_the_earlier_case_and_merges_into_it(store: Store,
                                                             tmp_path: Path) -> None:
    first = _visit(store, tmp_path, "ktp.jpg")
    second = _visit(store, tmp_path, "pbg.pdf")
    client = _login(store, "ani")
    html = client.get(f"/cases/{second}").text
    day = store.get_case(first).created_at.strftime("%d-%m-%Y")
    assert (f"Pemohon ini sudah punya kasus {first} dari {day}, status perlu diperiksa "
            "(NIK sama).") in html
    assert f'data-into="{first}"' in html
    r = client.post(f"/cases/{second}/merge",
                    data={"csrf_token": _csrf(html), "into": first}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{first}"
    merged = store.get_case(first)
    assert [f.filename for f in merged.files] == ["ktp.jpg", "pbg.pdf"]
    assert merged.record.get("lokasi_usaha") == "JL. AHMAD YANI NO. 5"
    assert store.get_case(second).status == MERGED
    page = client.get(f"/cases/{second}").text
    assert f"Kasus ini sudah digabung ke kasus {first}." in page and "data-into" not in page
    assert 'id="save"' not in page and 'id="status-form"' not in page  # nothing to do here
    assert client.get(f"/cases/{first}").text.count("data-into") == 0  # the other is merged


def test_queue_groups_cases_by_applicant(store: Store, tmp_path: Path) -> None:
    first = _visit(store, tmp_path, "ktp.jpg")
    other = store.create_case(files=[], documents=[_ktp("6311064508850003")], findings=[],
                              errors=[], record=prefill([_ktp("6311064508850003")]))
    second = _visit(store, tmp_path, "npwp.jpg")
    store.set_status(first, "approved", actor="budi", expected_version=1)
    html = _login(store, "ani").get("/").text
    header = re.search(r'<tr class="applicant"[^>]*><th colspan="8">([^<]+)', html)
    assert header and header.group(1).strip() == ("Pemohon SITI RAHAYU · NIK 6311********0003 "
                                                   "· 2 kasus")
    assert f'<a href="/cases/{first}">{first}</a> <span class="pill approved">' in html
    assert html.index(other) < html.index(second)  # groups in the order of their first case
    assert html.count('class="applicant"') == 1  # the other applicant's lone case: no header


def test_second_approved_record_of_the_same_business_warns(store: Store,
                                                           tmp_path: Path) -> None:
    first = _visit(store, tmp_path, "pbg-1.pdf", kbli="56102")
    store.set_status(first, "approved", actor="budi", expected_version=1)
    second = _visit(store, tmp_path, "pbg-2.pdf", kbli="56102 47111")
    html = _login(store, "ani").get(f"/cases/{second}").text
    assert 'data-code="applicant.second_nib"' in html
    assert f"kasus {first}" in html and "PP 28/2025" in html
    assert 'id="row-kbli"' in html and re.search(r'class="mark-warning" id="row-kbli"', html)


def test_only_a_supervisor_adds_files_to_a_decided_case(store: Store, tmp_path: Path) -> None:
    first = _visit(store, tmp_path, "ktp.jpg")
    store.set_status(first, "approved", actor="budi", expected_version=1)
    second = _visit(store, tmp_path, "pbg.pdf")
    clerk = _login(store, "ani")
    html = clerk.get(f"/cases/{second}").text
    assert "data-into" not in html  # no button for the clerk
    r = clerk.post(f"/cases/{second}/merge", data={"csrf_token": _csrf(html), "into": first})
    assert r.status_code == 403 and "hanya supervisor" in r.text
    kasi = _login(store, "budi")
    html = kasi.get(f"/cases/{second}").text
    r = kasi.post(f"/cases/{second}/merge", data={"csrf_token": _csrf(html), "into": first},
                  follow_redirects=False)
    assert r.status_code == 303
    back = store.get_case(first)
    assert back.status == "needs_review"
    assert back.audit[-1].note == "berkas kunjungan baru ditambahkan"


def test_clerk_merges_in_chromium(server: str, browser: Browser, store: Store,
                                  tmp_path: Path) -> None:
    first = _visit(store, tmp_path, "ktp.jpg")
    second = _visit(store, tmp_path, "pbg.pdf")
    page = test_browser._login(browser, server, "ani")
    expect(page.locator("tr.applicant")).to_contain_text("2 kasus")
    page.goto(f"{server}/cases/{second}")
    expect(page.locator("#visits")).to_contain_text(f"sudah punya kasus {first}")
    page.click(f"button.merge[data-into='{first}']")
    expect(page).to_have_url(f"{server}/cases/{first}")
    expect(page.locator("#audit")).to_contain_text(f"dari kasus {second}")
    expect(page.locator("#f-lokasi_usaha")).to_have_value("JL. AHMAD YANI NO. 5")
    page.goto(f"{server}/")
    expect(page.locator("tr.applicant")).to_have_count(0)  # one case left for her
    page.screenshot(path=str(tmp_path / "queue.png"))

