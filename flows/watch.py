"""The scanner hot folder: every file the scanner saves into a folder becomes part of a case.

``Watcher.poll()`` walks the folder (subfolders too: one per scanner desk, say), waits until a
file has stopped growing (its size and time unchanged for ``settle`` seconds), and reads it once
through the intake flow's own steps (``flows.intake``: load, extract, per-document checks). The
file is then copied into the store, entered in the ledger (``records.hotfolder``) and moved to
``selesai/``; a file that cannot be read moves to ``gagal/`` with ``<name>.alasan.txt`` beside it
and is never tried again (the ledger remembers its content). Files of one subfolder arriving
within ``window`` seconds of each other (unless they print another NIK), or sharing a NIK, make
one case; when a group has been quiet for ``window`` seconds it is stored as a case (or added
to the same applicant's case the hot folder stored earlier that day, still under review). The
same content arriving twice is read once. A restart loses and repeats nothing: the ledger is
written before the file is moved, and a group's case is stored under the key ``watch:<group>``.

Polling, no inotify: it works on network shares too, where the scanners usually save.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from core.files import file_sha256
from core.messages import file_error
from core.models import DocType, Document, FileError
from core.privacy import mask_id
from records.hotfolder import Ledger, WatchEntry, new_group_id
from records.regroup import assemble
from records.store import Store, StoredFile, StoreError

log = logging.getLogger("intake.watch")
DONE, FAILED = "selesai", "gagal"
REASON_SUFFIX = ".alasan.txt"
_TEMP = (".part", ".tmp", ".crdownload", ".partial", ".swp", REASON_SUFFIX)
ACTOR = "pemindai"
Reader = Callable[[Path], tuple[list[Document], list[FileError]]]
"""Reads one file: its documents (with their own findings) and the errors."""


def intake_reader(office: str) -> Reader:
    """The intake flow's own steps for one file: load its pages, read them, check each document."""
    from flows.intake import extract, load_files, validate_documents

    def read(path: Path) -> tuple[list[Document], list[FileError]]:
        pages, errors = load_files.fn([path])
        documents, more = extract.fn(pages)
        return validate_documents.fn(documents, office), errors + more

    return read


def niks_of(documents: list[Document]) -> set[str]:
    """The 16-digit NIKs printed on the documents (KTP, NPWP card, permit owner)."""
    found = {d.value("nik") for d in documents if d.doc_type != DocType.UNKNOWN}
    return {n for n in found if n and len(n) == 16 and n.isdigit()}


@dataclass
class _Group:
    id: str
    folder: str
    last: float
    niks: set[str] = field(default_factory=set)


@dataclass
class Tally:
    """What the watcher did since it started."""

    read: int = 0
    duplicates: int = 0
    failed: int = 0
    cases: int = 0
    added: int = 0
    """Groups added to an earlier case of the same NIK."""


def _free(target: Path) -> Path:
    """``target``, or ``name-2.ext``… when a file of that name is already there."""
    n, candidate = 1, target
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
    return candidate


class Watcher:
    """Watches ``root``; one :meth:`poll` is one pass over it (see the module's docstring)."""

    def __init__(self, root: Path, store: Store, *, office: str, window: float = 60.0,
                 settle: float = 2.0, reader: Reader | None = None, nik_hours: float = 10.0,
                 echo: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.root, self.store, self.office = Path(root), store, office
        self.window, self.settle, self.nik_hours = window, settle, nik_hours
        self.reader = reader or intake_reader(office)
        self.ledger = Ledger(store)
        self.echo = echo or log.info
        self.clock = clock
        self.tally = Tally()
        self._seen: dict[Path, tuple[int, int, float]] = {}
        self.groups: dict[str, _Group] = {}
        for entry in self.ledger.unstored():  # read before a restart, their case not stored
            seen = entry.seen_at.replace(tzinfo=entry.seen_at.tzinfo or UTC).timestamp() \
                if entry.seen_at else clock()
            g = self.groups.setdefault(entry.group_id or new_group_id(),
                                       _Group(entry.group_id or "", entry.folder, seen))
            g.last, g.niks = max(g.last, seen), g.niks | ({entry.nik} if entry.nik else set())

    def retry_failed(self) -> int:
        """Put the files of ``gagal/`` back to be read again (after fixing them or the reader).

        Their ledger entries are dropped and the reason files removed; returns how many.
        """
        self.ledger.forget_failed()
        failed_dir, n = self.root / FAILED, 0
        for path in sorted(failed_dir.rglob("*")) if failed_dir.is_dir() else []:
            if not path.is_file() or path.name.endswith(REASON_SUFFIX):
                continue
            target = _free(self.root / path.relative_to(failed_dir))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), target)
            path.with_name(path.name + REASON_SUFFIX).unlink(missing_ok=True)
            n += 1
        return n

    # -- one pass ------------------------------------------------------------------------
    def poll(self, *, flush: bool = False) -> int:
        """Read every file that has stopped growing, store the groups gone quiet.

        With ``flush`` every open group is stored at once. Returns how many files are still
        being written (not read yet).
        """
        now, waiting, present = self.clock(), 0, set()
        for path in self._candidates():
            present.add(path)
            try:
                st = path.stat()
            except OSError:
                continue
            key = (st.st_size, st.st_mtime_ns)
            before = self._seen.get(path)
            if before is None or before[:2] != key:
                self._seen[path] = (*key, now)
                waiting += 1
                continue
            if st.st_size == 0 or now - before[2] < self.settle:
                waiting += 1
                continue
            self._seen.pop(path, None)
            self._handle(path, now)
        for gone in set(self._seen) - present:
            self._seen.pop(gone, None)
        for g in list(self.groups.values()):
            if flush or now - g.last >= self.window:
                self._store_group(g)
        return waiting

    def drain(self, interval: float = 0.5) -> Tally:
        """Poll until every file there has been read, then store every group (``--once``)."""
        while self.poll():
            time.sleep(interval)
        self.poll(flush=True)
        return self.tally

    def run(self, stop: threading.Event, interval: float = 1.0) -> None:
        """Poll every ``interval`` seconds until ``stop`` is set."""
        while not stop.is_set():
            try:
                self.poll()
            except (StoreError, SQLAlchemyError, OSError) as e:  # away for a moment: next pass
                log.warning("hot folder: %s", e)
            stop.wait(interval)

    def _candidates(self) -> list[Path]:
        """Files to consider, in a stable order; ``selesai/``, ``gagal/`` and hidden ones pruned."""
        found = []
        for top, dirs, files in os.walk(self.root):
            here = Path(top)
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "~"))
                             and not (here == self.root and d in (DONE, FAILED)))
            found += [here / f for f in sorted(files) if not f.startswith((".", "~"))
                      and not f.lower().endswith(_TEMP)]
        return found

    # -- one file ------------------------------------------------------------------------
    def _handle(self, path: Path, now: float) -> None:
        rel = path.relative_to(self.root)
        try:
            sha = file_sha256(path)
        except OSError:
            return  # locked or gone: the next pass sees it again
        known = self.ledger.get(sha)
        if known is not None:
            self._known(path, rel, known)
            return
        folder = rel.parent.as_posix() if rel.parent != Path() else ""
        try:
            documents, errors = self.reader(path)
        except Exception as e:  # one bad file must not stop the hot folder
            documents, errors = [], [file_error("file.unreadable", path.name,
                                                detail=f"{type(e).__name__}: {e}")]
        if not documents:
            reason = "; ".join(e.message for e in errors) or "tidak ada KTP, NPWP atau izin " \
                "bangunan yang dikenali di berkas ini."
            self.ledger.add(WatchEntry(sha256=sha, path=rel.as_posix(), folder=folder,
                                       size=path.stat().st_size, status="failed",
                                       errors=errors, reason=reason))
            self._fail(path, rel, reason)
            return
        niks = niks_of(documents)
        group = self._group_for(folder, niks, now)
        entry = WatchEntry(sha256=sha, path=rel.as_posix(), folder=folder,
                           size=path.stat().st_size, status="read", group_id=group.id,
                           nik=min(niks) if niks else None, stored=self.store.add_file(path),
                           documents=documents, errors=errors)
        self.ledger.add(entry)
        self.tally.read += 1
        kinds = ", ".join(d.doc_type.value for d in documents)
        self.echo(f"{rel}: {kinds} → kelompok {group.id[:6]}"
                  + (f" (NIK {mask_id(entry.nik)})" if entry.nik else ""))
        self._move(path, rel, DONE)

    def _known(self, path: Path, rel: Path, known: WatchEntry) -> None:
        if known.status == "failed":  # left behind by a restart, or scanned again: not retried
            self._fail(path, rel, known.reason or "", count=False)
            return
        if known.path != rel.as_posix():
            self.ledger.count_copy(known.sha256)
            self.tally.duplicates += 1
            where = f"kasus {known.case_id}" if known.case_id else f"kelompok {known.group_id}"
            self.echo(f"{rel}: isi sama dengan {known.path} ({where}); tidak dibaca lagi")
        self._move(path, rel, DONE)

    def _group_for(self, folder: str, niks: set[str], now: float) -> _Group:
        open_ = [g for g in self.groups.values() if g.folder == folder
                 and now - g.last <= self.window
                 and not (niks and g.niks and not niks & g.niks)]  # another applicant's NIK
        shared = [g for g in self.groups.values() if niks & g.niks]
        found = list({id(g): g for g in shared + open_}.values())
        if not found:
            gid = new_group_id()
            found = [self.groups.setdefault(gid, _Group(gid, folder, now))]
        group, others = found[0], found[1:]
        if others:  # the file ties groups together (one by its NIK, one by time): one group
            self.ledger.merge_groups(group.id, [g.id for g in others])
            for g in others:
                group.niks |= g.niks
                self.groups.pop(g.id, None)
        group.last, group.niks = now, group.niks | niks
        return group

    def _move(self, path: Path, rel: Path, to: str) -> Path:
        target = _free(self.root / to / rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)
        return target

    def _fail(self, path: Path, rel: Path, reason: str, *, count: bool = True) -> None:
        target = self._move(path, rel, FAILED)
        target.with_name(target.name + REASON_SUFFIX).write_text(
            f"{rel}\n{reason}\n", encoding="utf-8")
        if count:
            self.tally.failed += 1
        self.echo(f"{rel}: GAGAL — {reason} (dipindah ke {FAILED}/)")

    # -- one group -----------------------------------------------------------------------
    def _store_group(self, group: _Group) -> None:
        self.groups.pop(group.id, None)
        entries = [e for e in self.ledger.group(group.id) if e.status == "read"]
        if not entries:
            return
        files = [e.stored for e in entries if e.stored is not None]
        documents = [d for e in entries for d in e.documents]
        errors = [x for e in entries for x in e.errors]
        names = ", ".join(Path(e.path).name for e in entries)
        earlier = self._earlier_case(group)
        if earlier is not None:
            self._add_to(earlier, files, documents, errors)
            self.ledger.mark_stored(group.id, earlier)
            self.tally.added += 1
            self.echo(f"ditambahkan ke kasus {earlier} (NIK sama): {names}")
            return
        documents, findings, record = assemble(documents, self.office)
        case_id = self.store.create_case(files=files, documents=documents, findings=findings,
                                         errors=errors, record=record, actor=ACTOR,
                                         source_key=f"watch:{group.id}")
        self.ledger.mark_stored(group.id, case_id)
        self.tally.cases += 1
        self.echo(f"kasus {case_id}: {len(files)} berkas ({names})")

    def _add_to(self, case_id: str, files: list[StoredFile], documents: list[Document],
                errors: list[FileError]) -> None:
        """Another visit's files into ``case_id``, as the desk adds them (``records.visits``)."""
        from records.visits import combine

        view = self.store.get_case(case_id)
        if {f.sha256 for f in files} <= {f.sha256 for f in view.files}:
            return  # added before a restart, the ledger not told yet
        findings, record = combine(view, documents, self.office)
        self.store.add_documents(case_id, files=files, documents=documents, findings=findings,
                                 errors=errors, record=record, actor=ACTOR)

    def _earlier_case(self, group: _Group) -> str | None:
        since = datetime.now(UTC) - timedelta(hours=self.nik_hours)
        for nik in sorted(group.niks):
            case_id = self.ledger.case_of_nik(nik, since)
            if case_id and case_id != self.store.case_by_key(f"watch:{group.id}"):
                try:
                    if self.store.get_case(case_id).status == "needs_review":
                        return case_id
                except StoreError:
                    continue
        return None


def start_in_background(root: Path, store: Store, *, office: str, window: float,
                        settle: float) -> threading.Event:
    """Watch ``root`` in a daemon thread (the desk with ``INTAKE_WATCH_DIR``); set it to stop."""
    stop = threading.Event()
    watcher = Watcher(root, store, office=office, window=window, settle=settle)
    threading.Thread(target=watcher.run, args=(stop,), name="hot-folder", daemon=True).start()
    return stop


def watch_from_settings() -> threading.Event | None:
    """Start watching ``INTAKE_WATCH_DIR`` in the background when it is set (``intake review``)."""
    from core.settings import get_settings

    settings = get_settings()
    if settings.watch_dir is None:
        return None
    settings.watch_dir.mkdir(parents=True, exist_ok=True)
    log.info("hot folder: %s", settings.watch_dir)
    return start_in_background(settings.watch_dir, Store(), office=settings.office,
                               window=settings.watch_window, settle=settings.watch_settle)
