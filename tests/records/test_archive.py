"""The archive's plain parts: files planned by hash before reading, NIK groups, case assembly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.files import file_sha256
from core.settings import get_settings
from extractors.batching import Batcher
from extractors.sources import page_count, source_files
from records.archive import ArchiveProgress, ArchiveRun, run_archive
from records.archive_files import FileAction, InlineReader, plan_file, read_batch
from records.assemble import assemble_case
from records.grouping import group_by_key
from records.schemas import PageResult, PageStatus
from records.store import Store
from samples.truth import build_case
from validators.rules._common import documents_from_case

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
TEXT_PERMIT = SPECIMENS / "case_003" / "permit.pdf"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'intake.db'}", data_dir=tmp_path / "data")
    yield s
    s.close()


def _unreadable(folder: Path) -> Path:
    """A file that exists but cannot be read (a link to /proc/self/mem: EIO, even for root)."""
    link = folder / "rusak.jpg"
    link.symlink_to("/proc/self/mem")
    return link


def test_groups_are_transitive_and_keep_order() -> None:
    keys = {"a": {"1"}, "b": {"2"}, "c": set(), "d": {"2", "1"}, "e": {"3"}, "f": {"3"}}
    assert group_by_key(list("abcdef"), keys.__getitem__) == [["a", "b", "d"], ["c"], ["e", "f"]]
    assert group_by_key([], keys.__getitem__) == []


def test_batches_hold_whole_files_until_a_file_is_long() -> None:
    b: Batcher[int] = Batcher(size=2, split_factor=4)
    assert [b.add(n) for n in range(7)] == [None] * 7  # one 7-page file: below 4 × 2
    assert b.add(7) == list(range(8))  # the eighth page: the long file is split
    assert b.add(8) is None and b.end_file() is None and b.flush() == [8]


def test_sources_in_stable_order_and_page_counts(tmp_path: Path) -> None:
    for name in ("b/2.pdf", "a/1.JPG", "a/notes.txt", "c.tif"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in source_files([tmp_path])] == [
        "a/1.JPG", "b/2.pdf", "c.tif"]
    assert page_count(TEXT_PERMIT) == 2
    assert page_count(SPECIMENS / "case_001" / "permit.tif") == 2
    assert page_count(SPECIMENS / "case_001" / "ktp.jpg") == 1
    assert page_count(tmp_path / "c.tif") is None


def test_file_plan_from_hash_and_ledger(tmp_path: Path, store: Store) -> None:
    pdf = tmp_path / "izin.pdf"
    shutil.copy(TEXT_PERMIT, pdf)
    sha = file_sha256(pdf)
    assert plan_file(store, pdf, "v1").action == FileAction.READ
    store.record_pages([PageResult(sha256="p1", source=str(pdf), file_sha256=sha, page=1,
                                   status=PageStatus.DONE)], "v1")
    assert plan_file(store, pdf, "v1").action == FileAction.READ  # page 2 is missing
    store.record_pages([PageResult(sha256="p2", source=str(pdf), file_sha256=sha, page=2,
                                   status=PageStatus.FAILED)], "v1")
    plan = plan_file(store, pdf, "v1")
    assert plan.action == FileAction.LEDGER and sorted(plan.ledger) == [1, 2]
    assert plan_file(store, pdf, "v2").action == FileAction.READ  # other extractor version
    bad = plan_file(store, _unreadable(tmp_path), "v1")
    assert bad.action == FileAction.ERROR and bad.error is not None
    assert (bad.error.code, bad.error.source) == ("file.unreadable", str(tmp_path / "rusak.jpg"))
    assert bad.error.message.startswith("rusak.jpg: berkas tidak bisa dibaca")


def test_a_run_without_task_runner_goes_past_an_unreadable_file(
        tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_LANG", "en")
    get_settings.cache_clear()
    src = tmp_path / "arsip"
    src.mkdir()
    _unreadable(src)
    shutil.copy(TEXT_PERMIT, src / "sk.pdf")
    seen: list[ArchiveProgress] = []
    run = ArchiveRun(store, "v1", progress=lambda p: seen.append(ArchiveProgress(**vars(p))))
    summary = run_archive([src], InlineReaderOn(store, "v1"), run, batch_size=2, office="63.11")
    assert [(e.code, Path(e.source).name) for e in summary.errors] == [
        ("file.unreadable", "rusak.jpg")]
    assert "cannot be read" in summary.errors[0].message  # INTAKE_LANG=en
    assert (summary.files, summary.pages_done, len(summary.cases)) == (2, 2, 1)
    assert summary.documents == {"permit": 1}
    assert seen[-1].pages_done == 2 and seen[-1].pages_known == 2

    again = run_archive([src], InlineReaderOn(store, "v1"),
                        ArchiveRun(store, "v1", progress=seen.append), batch_size=2,
                        office="63.11")
    assert (again.files_skipped, again.pages_done, again.cases) == (1, 0, [])
    assert seen[-1].files_skipped == 1
    get_settings.cache_clear()


class InlineReaderOn(InlineReader):
    """The in-process reader, recording into the test's store instead of the settings' one."""

    def __init__(self, store: Store, version: str) -> None:
        super().__init__(version)
        self.store = store

    def submit(self, pages, file_shas) -> None:  # type: ignore[no-untyped-def]
        results = read_batch(pages, file_shas)
        self.store.record_pages(results, self.version)
        self.done.append(results)


def test_case_assembly_checks_and_prefills() -> None:
    docs = documents_from_case(build_case(7, 3))
    draft = assemble_case(docs, [], office="63.11")
    assert [d.doc_type for d in draft.documents] == [d.doc_type for d in docs]
    assert draft.record.get("nik") == docs[0].value("nik")
    assert len(draft.all_findings()) == sum(len(d.findings) for d in draft.documents) + len(
        draft.findings)


def test_pages_by_reference_render_only_what_they_name(tmp_path: Path) -> None:
    from extractors.load import iter_pages
    from records.archive_files import PageRef, load_refs

    tif = tmp_path / "izin.tif"
    shutil.copy(Path(__file__).resolve().parents[2] / "samples" / "specimens" / "case_001"
                / "permit.tif", tif)
    second = next(p for p in iter_pages(tif) if getattr(p, "page", 0) == 2)
    pages, failed = load_refs([PageRef(str(tif), 2, second.sha256)], {str(tif): "f" * 64})
    assert [(p.page, p.sha256) for p in pages] == [(2, second.sha256)] and failed == []

    pages, failed = load_refs([PageRef(str(tif), 1, "0" * 64)], {str(tif): "f" * 64})
    assert pages == [] and [e.code for r in failed for e in r.errors] == ["file.changed"]
    assert failed[0].status == "failed"

    gone = str(tmp_path / "hilang.tif")
    pages, failed = load_refs([PageRef(gone, 1, "0" * 64)], {gone: "f" * 64})
    assert [e.code for r in failed for e in r.errors] == ["file.not_found"]
