"""The same applicant across visits, in the store on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models import DocType, Document, FieldRead
from records.prefill import prefill
from records.store import MERGED, Store, StoredFile, StoreError
from records.visits import combine, other_cases, second_nib

NIK = "6311064508850003"  # synthetic


def _ktp(nik: str = NIK, name: str = "SITI AMINAH") -> Document:
    return Document(doc_type=DocType.KTP, source="ktp.jpg", confidence=0.9, fields={
        "nik": FieldRead(value=nik, confidence=0.99), "nama": FieldRead(value=name,
                                                                        confidence=0.95)})


def _permit() -> Document:
    return Document(doc_type=DocType.PERMIT, source="pbg.pdf", fields={
        "nik": FieldRead(value=NIK, confidence=0.9),
        "lokasi": FieldRead(value="JL. AHMAD YANI NO. 5", confidence=0.9),
        "lokasi_kel_desa": FieldRead(value="PARINGIN KOTA", confidence=0.9),
        "luas_tanah": FieldRead(value="120", confidence=0.9)})


def _file(store: Store, tmp_path: Path, name: str, content: bytes) -> StoredFile:
    path = tmp_path / name
    path.write_bytes(content)
    return store.add_file(path)


def _case(store: Store, files: list[StoredFile], docs: list[Document]) -> str:
    return store.create_case(files=files, documents=docs, findings=[], errors=[],
                             record=prefill(docs))


def test_related_by_nik_or_by_file(store: Store, tmp_path: Path) -> None:
    ktp = _file(store, tmp_path, "ktp.jpg", b"ktp scan")
    first = _case(store, [ktp], [_ktp()])
    other_person = _case(store, [_file(store, tmp_path, "x.jpg", b"x")], [_ktp("6311060101900001",
                                                                               "BUDI")])
    second = _case(store, [_file(store, tmp_path, "npwp.jpg", b"npwp scan")], [_ktp()])
    related = store.related_cases(nik=NIK, exclude=second)
    assert [(c.id, via) for c, via in related] == [(first, "nik")]
    # an unread NIK, but the same KTP file
    by_file = store.related_cases(nik=None, shas=[ktp.sha256])
    assert [(c.id, via) for c, via in by_file] == [(first, "file")]
    assert store.related_cases(nik=None) == []
    assert other_person not in {c.id for c, _ in store.related_cases(nik=NIK)}
    [finding] = other_cases(related)
    assert finding.code == "applicant.other_case" and finding.severity == "info"
    day = store.get_case(first).created_at.strftime("%d-%m-%Y")
    assert finding.message == (f"Pemohon ini sudah punya kasus {first} dari {day}, status "
                               "perlu diperiksa (NIK sama).")


def test_case_holding_exactly_these_files(store: Store, tmp_path: Path) -> None:
    a, b = _file(store, tmp_path, "a.jpg", b"a"), _file(store, tmp_path, "b.jpg", b"b")
    c = _file(store, tmp_path, "c.jpg", b"c")
    case_id = _case(store, [a, b], [_ktp()])
    assert store.case_holding([a.sha256, b.sha256]) == case_id
    assert store.case_holding([b.sha256]) is None  # part of a case: not the same scan
    assert store.case_holding([a.sha256, c.sha256]) is None
    assert store.case_holding([a.sha256, b.sha256, c.sha256]) is None
    assert store.case_holding([]) is None


def test_queue_groups_by_applicant(store: Store, tmp_path: Path) -> None:
    one = _case(store, [], [_ktp()])
    two = _case(store, [], [_ktp()])
    budi = _case(store, [], [_ktp("6311060101900001", "BUDI")])
    groups = store.applicants([NIK, "6311060101900001", ""])
    assert [c.id for c in groups[NIK]] == [one, two]
    assert [c.id for c in groups["6311060101900001"]] == [budi]


def test_add_a_visit_then_merge(store: Store, tmp_path: Path) -> None:
    ktp = _file(store, tmp_path, "ktp.jpg", b"ktp scan")
    first = _case(store, [ktp], [_ktp()])
    store.update_record(first, {"telepon": "081234567890"}, actor="ani", expected_version=1)
    pbg = _file(store, tmp_path, "pbg.pdf", b"%PDF pbg")
    second = _case(store, [ktp, pbg], [_ktp(), _permit()])
    view = store.get_case(first)
    findings, record = combine(view, [_permit()], office="63.11")
    assert record.get("telepon") == "081234567890"  # the clerk's value kept
    assert record.get("lokasi_usaha") == "JL. AHMAD YANI NO. 5"  # the new document's
    merged = store.add_documents(first, files=[ktp, pbg], documents=[_permit()],
                                 findings=findings, errors=[], record=record, actor="ani",
                                 merged_from=second)
    assert [f.filename for f in merged.files] == ["ktp.jpg", "pbg.pdf"]  # ktp not twice
    assert [d.doc_type for d in merged.documents] == [DocType.KTP, DocType.PERMIT]
    assert merged.audit[-1].action == "files_added"
    assert merged.audit[-1].note == f"2 berkas dari kasus {second}"
    closed = store.get_case(second)
    assert closed.status == MERGED and closed.audit[-1].note == f"digabung ke kasus {first}"
    assert [c.id for c, _ in store.related_cases(nik=NIK)] == [first]
    assert second not in {c.id for cs in store.applicants([NIK]).values() for c in cs}
    with pytest.raises(StoreError):
        store.add_documents(second, files=[], documents=[], findings=[], errors=[],
                            record=record, actor="ani")
    version = closed.version
    with pytest.raises(StoreError, match="sudah digabung"):
        store.set_status(second, "approved", actor="budi", expected_version=version)
    with pytest.raises(StoreError, match="sudah digabung"):
        store.update_record(second, {"telepon": "0811"}, actor="ani", expected_version=version)


def test_merge_of_a_case_merged_meanwhile_is_refused(store: Store, tmp_path: Path) -> None:
    """Two clerks merge the same visit into two cases at once: the second merge, checked
    inside its own transaction, finds the visit already merged and changes nothing."""
    ktp = _file(store, tmp_path, "ktp.jpg", b"ktp scan")
    first, other = _case(store, [ktp], [_ktp()]), _case(store, [ktp], [_ktp()])
    visit = _case(store, [ktp], [_ktp(), _permit()])
    stale = store.get_case(visit)  # what the second clerk's page was built from
    findings, record = combine(store.get_case(first), stale.documents, office="63.11")
    store.add_documents(first, files=stale.files, documents=stale.documents,
                        findings=findings, errors=[], record=record, actor="ani",
                        merged_from=visit)
    before = store.get_case(other)
    with pytest.raises(StoreError, match="sudah digabung"):
        store.add_documents(other, files=stale.files, documents=stale.documents,
                            findings=findings, errors=[], record=record, actor="budi",
                            merged_from=visit)
    after = store.get_case(other)
    assert len(after.documents) == len(before.documents) and after.audit == before.audit
    assert store.get_case(visit).audit[-1].note == f"digabung ke kasus {first}"


def test_second_approved_record_for_the_same_business(store: Store) -> None:
    docs = [_ktp(), _permit()]
    record = prefill(docs)
    record.values["kbli"] = record.values["kbli"].model_copy(update={"value": "56102"})
    first = store.create_case(files=[], documents=docs, findings=[], errors=[], record=record)
    store.set_status(first, "approved", actor="budi", expected_version=1)
    again = store.create_case(files=[], documents=docs, findings=[], errors=[], record=record)
    approved = store.approved_records(NIK, exclude=again)
    assert [i for i, _ in approved] == [first]
    [warning] = second_nib(record, approved)
    assert warning.code == "applicant.second_nib" and warning.severity == "warning"
    assert "KBLI dan lokasi usaha" in warning.message and "PP 28/2025" in warning.message
    elsewhere = prefill([_ktp()])
    elsewhere.values["kbli"] = elsewhere.values["kbli"].model_copy(update={"value": "47111"})
    assert second_nib(elsewhere, approved) == []
    assert store.approved_records(NIK, exclude=first) == []
