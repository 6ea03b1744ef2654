"""The desk shows a field its document could not read as *tidak terbaca* (issue 13 item 4)."""

from __future__ import annotations

import re

import pytest

from core.models import FieldRead
from records.models import Origin
from records.prefill import prefill
from records.store import Store
from review.scans import box_mark
from tests.records.test_unread import NIK, PARTIAL, _unreadable_ktp
from tests.review.test_api import _client
from tests.review.test_app import _csrf, _login
from validators.rules import check_case, with_findings

UNREAD_ID = "tidak terbaca — ketik dari dokumen aslinya"
UNREAD_EN = "not readable — type it from the original"


def _unread_case(store: Store) -> str:
    docs = with_findings([_unreadable_ktp()], office="63.11")
    return store.create_case(files=[], documents=docs, findings=check_case(docs, office="63.11"),
                             errors=[], record=prefill(docs))


def _row(html: str, name: str) -> str:
    m = re.search(rf'<tr class="([^"]*)" id="row-{name}".*?</tr>', html, re.S)
    assert m, name
    return m.group(0)


def test_case_page_shows_unread_fields_and_the_partial_nik(store: Store) -> None:
    case_id = _unread_case(store)
    client = _login(store, "ani")
    html = client.get(f"/cases/{case_id}").text
    nik = _row(html, "nik")
    assert 'class="mark-unread"' in nik and UNREAD_ID in nik and "KTP · tidak terbaca" in nik
    assert f"terbaca: {PARTIAL}" in nik  # what was read, with the unreadable glyphs
    assert 'name="nik" value=""' in nik  # the input is empty: never prefilled with a guess
    assert UNREAD_ID in _row(html, "nama")
    tempat = _row(html, "tempat_lahir")  # barely read: prefilled, marked low for the clerk
    assert 'class="mark-low"' in tempat and 'value="PARINGIN"' in tempat
    assert UNREAD_ID not in _row(html, "telepon") and "diisi petugas" in _row(html, "telepon")
    assert "diisi petugas" not in nik
    printed = client.get(f"/cases/{case_id}/print").text
    assert f"<tr><th>NIK</th><td>{UNREAD_ID}</td></tr>" in printed
    # the clerk types the NIK from the original: it is the clerk's value now
    r = client.post(f"/cases/{case_id}/record", data={
        "csrf_token": _csrf(html), "version": "1", "nik": NIK})
    assert r.status_code == 200
    after = _row(r.text, "nik")
    assert UNREAD_ID not in after and f'value="{NIK}"' in after
    assert store.get_case(case_id).record.values["nik"].origin == Origin.CLERK


def test_case_page_in_english_and_the_api(store: Store) -> None:
    case_id = _unread_case(store)
    client = _login(store, "ani")
    page = client.get(f"/cases/{case_id}").text
    client.post("/lang", data={"csrf_token": _csrf(page), "lang": "en", "back": "/"})
    nik = _row(client.get(f"/cases/{case_id}").text, "nik")
    assert UNREAD_EN in nik and f"read: {PARTIAL}" in nik and UNREAD_ID not in nik
    api, headers = _client(store, "ani")
    values = {v["name"]: v for v in api.get(f"/api/cases/{case_id}", headers=headers)
              .json()["record"]}
    assert values["nik"]["origin"] == "unread" and values["nik"]["value"] is None
    assert values["nik"]["read"] == PARTIAL and values["nik"]["source"]["field"] == "nik"
    assert values["telepon"]["origin"] == "empty"


def test_a_read_nik_is_not_unread(store: Store) -> None:
    doc = _unreadable_ktp()
    doc.fields["nik"] = FieldRead(value=NIK, raw=NIK, confidence=0.95)
    case_id = store.create_case(files=[], documents=[doc], findings=[], errors=[],
                                record=prefill([doc]))
    nik = _row(_login(store, "ani").get(f"/cases/{case_id}").text, "nik")
    assert UNREAD_ID not in nik and f'value="{NIK}"' in nik


@pytest.mark.parametrize(("confidence", "marked"), [(0.95, False), (0.8, False), (0.7, True),
                                                    (0.6, True)])
def test_an_identity_number_read_below_sure_is_marked_for_the_clerk(
        store: Store, confidence: float, marked: bool) -> None:
    """A NIK read whole but not for sure (a glyph the digit reader could not read, filled by
    Tesseract's read: 0.7) is prefilled and marked for a check against the card, on the
    record and on the scan; other fields are marked only below the desk's low bar (0.7)."""
    doc = _unreadable_ktp()
    doc.fields["nik"] = FieldRead(value=NIK, raw=NIK, confidence=confidence,
                                  bbox=(10, 40, 300, 24))
    doc.fields["alamat"] = FieldRead(value="JL. AHMAD YANI NO. 5", raw="JL. AHMAD YANI NO. 5",
                                     confidence=0.75, bbox=(10, 100, 300, 24))
    case_id = store.create_case(files=[], documents=[doc], findings=[], errors=[],
                                record=prefill([doc]))
    html = _login(store, "ani").get(f"/cases/{case_id}").text
    nik = _row(html, "nik")
    assert f'value="{NIK}"' in nik and ('class="mark-low"' in nik) is marked
    assert 'class="mark-low"' not in _row(html, "alamat")
    assert (box_mark("nik", confidence) == "low") is marked
    assert box_mark("alamat", 0.75) == "ok" and box_mark("alamat", 0.6) == "low"


def test_a_typed_partial_nik_is_an_error_not_a_value(store: Store) -> None:
    """Copying the hint ``6311072?07032?27`` into the form is an error of the record."""
    case_id = _unread_case(store)
    client = _login(store, "ani")
    html = client.get(f"/cases/{case_id}").text
    r = client.post(f"/cases/{case_id}/record", data={
        "csrf_token": _csrf(html), "version": "1", "nik": PARTIAL})
    assert r.status_code == 200
    findings = r.text.split('id="findings"')[1].split("</ul>")[0]
    assert 'data-code="nik.format"' in findings and 'class="error"' in findings
    assert 'class="mark-error"' in _row(r.text, "nik")
