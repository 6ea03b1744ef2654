"""The document checklist on committed specimens read by the real readers: present / missing /
unreadable on the case page and the printed summary, the clerk's ticks, and approval blocked by
missing documents unless the supervisor gives a reason. Regrouping a case's files too."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.prefect_setup import configure
from flows.watch import intake_reader
from records.checklist import (
    Status,
    case_checklist,
    evaluate,
    load_checklists,
    parse_checklists,
    save_state,
)
from records.regroup import assemble, move_file
from records.store import Store, StoreError
from review import ops
from tests.office.conftest import SPECIMENS
from tests.review.test_app import _csrf, _login

configure()
READ = intake_reader("63.11")


def _case(store: Store, *paths: Path) -> str:
    """A stored case of the specimen files, read once each (as the hot folder does)."""
    files, docs, errors = [], [], []
    for p in paths:
        d, e = READ(p)
        files.append(store.add_file(p))
        docs += d
        errors += e
    docs, findings, record = assemble(docs, "63.11")
    return store.create_case(files=files, documents=docs, findings=findings, errors=errors,
                             record=record)


def _statuses(store: Store, case_id: str) -> dict[str, Status]:
    return {i.spec.key: i.status for i in case_checklist(store, store.get_case(case_id)).items}


def test_the_shipped_checklists() -> None:
    lists = load_checklists()
    assert {k: a.documents for k, a in lists.applications.items()} == {
        "nib_umk": ["ktp", "npwp"], "nib_lokasi_pbg": ["ktp", "npwp", "pbg_imb"],
        "pbg": ["ktp", "npwp", "sertifikat_tanah", "gambar_teknis"]}
    with pytest.raises(ValueError, match="akta"):
        parse_checklists('default = "a"\n[applications.a]\nlabel_id = "A"\ndocuments = ["akta"]')


def test_specimens_present_missing_unreadable(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    full = _case(store, *(SPECIMENS / "case_003" / n for n in ("ktp.jpg", "npwp.jpg",
                                                                "permit.pdf")))
    assert case_checklist(store, store.get_case(full)).application.key == "nib_lokasi_pbg"
    assert set(_statuses(store, full).values()) == {Status.PRESENT}
    sheet = _case(store, SPECIMENS / "case_004" / "sheet.jpg")  # KTP and NPWP on one page
    assert _statuses(store, sheet) == {"ktp": Status.PRESENT, "npwp": Status.PRESENT}
    only_ktp = _case(store, SPECIMENS / "case_009" / "ktp.jpg")
    assert _statuses(store, only_ktp) == {"ktp": Status.PRESENT, "npwp": Status.MISSING}
    bad = tmp_path / "npwp.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    torn = _case(store, SPECIMENS / "case_009" / "ktp.jpg", bad)
    assert _statuses(store, torn)["npwp"] == Status.UNREADABLE  # a file of it did not read

    # a PBG application: land title and drawings only a clerk can tick
    state = save_state(store, full, "pbg", {"sertifikat_tanah"}, actor="ani")
    assert [(i.spec.key, i.status) for i in state.items][2:] == [
        ("sertifikat_tanah", Status.CONFIRMED), ("gambar_teknis", Status.MISSING)]
    assert state.missing() == ["Gambar rencana teknis bangunan"]
    audit = store.get_case(full).audit[-1]
    assert (audit.action, audit.actor, audit.new_value) == ("checklist", "ani", "pbg")
    with pytest.raises(StoreError):
        save_state(store, full, "izin_tambang", set(), actor="ani")


def test_missing_documents_block_approval_unless_overridden(store: Store) -> None:
    case_id = _case(store, SPECIMENS / "case_009" / "ktp.jpg")
    v = ops.set_status(store, case_id, "submitted", actor="ani", role="clerk",
                       expected_version=1).version
    with pytest.raises(ops.ReasonRequiredError) as refused:
        ops.set_status(store, case_id, "approved", actor="budi", role="supervisor",
                       expected_version=v)
    assert refused.value.key == "checklist.override_reason"
    done = ops.set_status(store, case_id, "approved", actor="budi", role="supervisor",
                          expected_version=v, reason="NPWP diperiksa di DJP Online")
    assert done.status == "approved"
    assert done.audit[-1].note == "Checklist dilewati (kurang: NPWP): NPWP diperiksa di DJP Online"
    complete = _case(store, SPECIMENS / "case_004" / "sheet.jpg")
    v = ops.set_status(store, complete, "submitted", actor="ani", role="clerk",
                       expected_version=1).version
    assert ops.set_status(store, complete, "approved", actor="budi", role="supervisor",
                          expected_version=v).status == "approved"


def test_case_page_print_and_ticks(sqlite_store: Store) -> None:
    store = sqlite_store
    case_id = _case(store, SPECIMENS / "case_009" / "ktp.jpg")
    client = _login(store, "ani")
    html = client.get(f"/cases/{case_id}").text
    assert 'id="doc-ktp"' in html and 'class="state present">ada<' in html
    assert 'class="state missing">tidak ada<' in html and "Berkas belum lengkap: NPWP" in html
    r = client.post(f"/cases/{case_id}/checklist", data={
        "csrf_token": _csrf(html), "application": "nib_umk", "confirmed": "npwp"})
    assert r.status_code == 200 and "ada (dicek petugas)" in r.text and "Berkas lengkap." in r.text
    printed = client.get(f"/cases/{case_id}/print").text
    assert 'id="print-checklist"' in printed and "☑ NPWP" in printed
    no_token = client.post(f"/cases/{case_id}/checklist", data={"application": "pbg"})
    assert no_token.status_code == 403


def test_move_and_split_files(store: Store) -> None:
    c3 = SPECIMENS / "case_003"
    one = _case(store, c3 / "ktp.jpg", c3 / "npwp.jpg", SPECIMENS / "case_012" / "permit.pdf")
    other = _case(store, c3 / "permit.pdf")
    v = store.get_case(one)
    ops.save_record(store, one, {"email": "siti@gmail.com"}, actor="ani", office="63.11",
                    expected_version=v.version)
    index = [f.filename for f in store.get_case(one).files].index("permit.pdf")
    # the wrong applicant's permit: split off into a new case
    new = move_file(store, one, index, None, actor="ani", office="63.11")
    left, split = store.get_case(one), store.get_case(new)
    assert [f.filename for f in left.files] == ["ktp.jpg", "npwp.jpg"]
    assert [d.doc_type.value for d in split.documents] == ["permit"]
    assert left.record.get("email") == "SITI@GMAIL.COM"  # the clerk's value stays
    assert left.record.get("pbg_nomor") is None and split.record.get("pbg_nomor")
    # the right permit, stored as a case of its own, joins the applicant's case
    assert move_file(store, other, 0, one, actor="ani", office="63.11") == one
    joined = store.get_case(one)
    assert sorted(f.filename for f in joined.files) == ["ktp.jpg", "npwp.jpg", "permit.pdf"]
    assert joined.record.get("pbg_nomor") and evaluate(joined).complete
    assert not any(f.code == "cross.owner_nik_mismatch" for f in joined.findings)
    assert joined.audit[-1].action == "regroup" and store.get_case(other).files == []
    with pytest.raises(StoreError):
        move_file(store, one, 9, None, actor="ani", office="63.11")


def test_move_in_the_desk(sqlite_store: Store) -> None:
    store = sqlite_store
    c3 = SPECIMENS / "case_003"
    case_id = _case(store, c3 / "ktp.jpg", c3 / "npwp.jpg")
    client = _login(store, "ani")
    html = client.get(f"/cases/{case_id}").text
    assert f'action="/cases/{case_id}/files/1/move"' in html
    r = client.post(f"/cases/{case_id}/files/1/move",
                    data={"csrf_token": _csrf(html), "mode": "split"})
    assert r.status_code == 200 and "npwp.jpg" in r.text
    assert len(store.get_case(case_id).files) == 1 and len(store.list_cases()) == 2
    missing = client.post(f"/cases/{case_id}/files/0/move",
                          data={"csrf_token": _csrf(html), "mode": "move", "target": "NOPE"})
    assert missing.status_code == 409 and "NOPE" in missing.text
