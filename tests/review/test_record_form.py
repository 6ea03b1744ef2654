"""The desk's form is today's OSS form: its sections, choices, and the clerk's values checked."""

from __future__ import annotations

from records.models import RECORD_FIELDS, Section
from records.store import Store
from tests.review.test_app import _case, _csrf, _login


def test_form_sections_and_choices(store: Store) -> None:
    html = _login(store, "ani").get(f"/cases/{_case(store)}").text
    for title in ("Data usaha (per KBLI)", "Lokasi usaha", "Modal usaha", "Tenaga kerja",
                  "Jaminan sosial (BPJS)"):
        assert f'<th colspan="3">{title}</th>' in html
    assert html.count('<tr class="section">') == len(Section)
    assert '<datalist id="choices-jenis_kegiatan"><option value="UTAMA">' in html
    assert all(f'id="f-{f.name}"' in html for f in RECORD_FIELDS)


def test_typed_business_values_are_checked_on_save(store: Store) -> None:
    case_id = _case(store)
    client = _login(store, "ani")
    token = _csrf(client.get(f"/cases/{case_id}").text)
    r = client.post(f"/cases/{case_id}/record", data={
        "csrf_token": token, "version": "1", "koordinat": "-6.1754, 106.8272",
        "lokasi_kabupaten_kota": "BALANGAN", "modal_tetap": "6 miliar", "modal_kerja": "0",
        "tenaga_kerja_laki": "dua", "telepon": "0812"})
    assert r.status_code == 200
    codes = {f.code for f in store.get_case(case_id).findings}
    assert {"coordinates.outside_regency", "capital.not_umk", "workforce.format",
            "phone.invalid"} <= codes
    assert "berjarak" in r.text and "bukan UMK" in r.text
    assert 'class="mark-error" id="row-tenaga_kerja_laki"' in r.text
