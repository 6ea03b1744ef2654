"""The case store on SQLite and PostgreSQL: round trip, audit, optimistic locking."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models import DocType, Document, FieldRead, FileError, Finding, Severity
from records.prefill import prefill
from records.store import CaseNotFoundError, ConflictError, Store, StoreError


def _docs() -> list[Document]:
    ktp = Document(doc_type=DocType.KTP, source="ktp.jpg", confidence=0.9, fields={
        "nik": FieldRead(value="6311064508850003", confidence=0.99, bbox=(10, 20, 300, 30)),
        "nama": FieldRead(value="SITI AMINAH", confidence=0.95),
    }, findings=[Finding(code="nik.birth_date_mismatch", severity=Severity.WARNING,
                         fields=["nik"], message="…")])
    npwp = Document(doc_type=DocType.NPWP, source="npwp.jpg", fields={
        "npwp": FieldRead(value="6311064508850003", confidence=0.98),
        "nama": FieldRead(value="SITI AMINA", confidence=0.7),
    })
    return [ktp, npwp]


def _new_case(store: Store, tmp_path: Path) -> str:
    src = tmp_path / "ktp.jpg"
    src.write_bytes(b"\xff\xd8 not really a jpeg")
    stored = store.add_file(src)
    docs = _docs()
    errors = [FileError(source="rusak.pdf", code="file.corrupt", message="Berkas rusak")]
    cross = [Finding(code="cross.name_mismatch", severity=Severity.ERROR, fields=["nama"],
                     message="Nama berbeda")]
    return store.create_case(files=[stored], documents=docs, findings=cross, errors=errors,
                             record=prefill(docs))


def test_case_round_trip(store: Store, tmp_path: Path) -> None:
    case_id = _new_case(store, tmp_path)
    case = store.get_case(case_id)
    assert case.status == "needs_review"
    assert case.version == 1
    assert case.nik == "6311064508850003"
    assert [d.doc_type for d in case.documents] == [DocType.KTP, DocType.NPWP]
    assert case.documents[0].fields["nik"].bbox == (10, 20, 300, 30)
    assert case.errors[0].source == "rusak.pdf"
    assert (case.n_errors, case.n_warnings) == (1, 1)
    nama = case.record.values["nama"]
    assert nama.value == "SITI AMINAH" and nama.conflict
    assert {c.value for c in nama.candidates} == {"SITI AMINAH", "SITI AMINA"}
    assert store.file_path(case.files[0]).read_bytes().startswith(b"\xff\xd8")
    assert [a.action for a in case.audit] == ["created"]


def test_same_content_is_stored_once(store: Store, tmp_path: Path) -> None:
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    a.write_bytes(b"same bytes")
    b.write_bytes(b"same bytes")
    sa, sb = store.add_file(a), store.add_file(b)
    assert sa.sha256 == sb.sha256 and sa.stored_path == sb.stored_path
    assert (sa.filename, sb.filename) == ("a.jpg", "b.jpg")


def test_edit_is_audited_and_versioned(store: Store, tmp_path: Path) -> None:
    case_id = _new_case(store, tmp_path)
    case = store.update_record(case_id, {"nama": "SITI AMINAH BINTI ALI", "email": "siti@mail.id"},
                               actor="clerk1", expected_version=1, findings=[])
    assert case.version == 2
    assert case.record.get("nama") == "SITI AMINAH BINTI ALI"
    assert case.record.values["email"].origin == "clerk"
    edits = [(a.field, a.old_value, a.new_value, a.actor) for a in case.audit if a.action == "edit"]
    assert ("nama", "SITI AMINAH", "SITI AMINAH BINTI ALI", "clerk1") in edits
    assert ("email", None, "siti@mail.id", "clerk1") in edits
    assert case.n_errors == 0  # re-validated findings replaced the case-level ones


def test_stale_version_is_refused(store: Store, tmp_path: Path) -> None:
    case_id = _new_case(store, tmp_path)
    store.update_record(case_id, {"telepon": "081234567890"}, actor="a", expected_version=1)
    with pytest.raises(ConflictError) as exc:
        store.update_record(case_id, {"telepon": "081111111111"}, actor="b", expected_version=1)
    assert "sudah diubah orang lain" in str(exc.value)
    assert store.get_case(case_id).record.get("telepon") == "081234567890"


def test_status_changes(store: Store, tmp_path: Path) -> None:
    case_id = _new_case(store, tmp_path)
    case = store.set_status(case_id, "rejected", actor="sup", expected_version=1,
                            reason="NPWP bukan milik pemohon")
    assert case.status == "rejected"
    assert case.audit[-1].note == "NPWP bukan milik pemohon"
    with pytest.raises(StoreError):
        store.set_status(case_id, "done", actor="sup", expected_version=2)
    assert [c.id for c in store.list_cases(status="rejected")] == [case_id]
    assert store.list_cases(status="approved") == []


def test_search_by_name_or_nik(store: Store, tmp_path: Path) -> None:
    case_id = _new_case(store, tmp_path)
    assert [c.id for c in store.list_cases(search="aminah")] == [case_id]
    assert [c.id for c in store.list_cases(search="63110645")] == [case_id]
    assert store.list_cases(search="BUDI") == []


def test_unknown_case(store: Store) -> None:
    with pytest.raises(CaseNotFoundError):
        store.get_case("NOPE")


def test_archive_case_is_stored_once_per_source_key(store: Store, tmp_path: Path) -> None:
    docs = _docs()
    kwargs = {"files": [], "documents": docs, "findings": [], "errors": [],
              "record": prefill(docs), "kind": "archive", "source_key": "archive:abc"}
    first = store.create_case(**kwargs)
    assert store.create_case(**kwargs) == first
    assert len(store.list_cases()) == 1
    assert store.case_by_key("archive:abc") == first


def test_page_ledger_keeps_each_page_once(store: Store) -> None:
    from records.store import PageResult

    done = PageResult(sha256="a" * 64, source="box1/f.pdf", file_sha256="f" * 64, page=1,
                      status="done", documents=_docs()[:1])
    failed = PageResult(sha256="b" * 64, source="box1/f.pdf", file_sha256="f" * 64, page=2,
                        status="failed",
                        errors=[FileError(source="box1/f.pdf", page=2, code="ocr.timeout",
                                          message="Tesseract timeout")])
    assert store.record_pages([done, failed], "v1") == 2
    assert store.record_pages([done], "v1") == 0
    seen = store.ledger(["a" * 64, "b" * 64, "c" * 64], "v1")
    assert set(seen) == {"a" * 64, "b" * 64}
    assert seen["a" * 64].documents[0].fields["nik"].value == "6311064508850003"
    assert seen["b" * 64].errors[0].code == "ocr.timeout"
    assert store.ledger(["a" * 64], "v2") == {}
