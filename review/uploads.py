"""New case from the browser: checked uploads, run through the intake flow in a thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from starlette.datastructures import UploadFile

from core.messages import text
from core.private import private_dir, write_private

MAX_BYTES = 25 * 1024 * 1024
_MAGIC = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*")
Intake = Callable[[list[Path]], str]
"""Runs the intake flow on the files of one case and returns the new case id."""


class UploadError(ValueError):
    """An upload that cannot become a case; ``key`` and ``params`` give the page's message."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(text(key, "id", **params))
        self.key, self.params = key, params


class JobState(StrEnum):
    """Where an upload stands (the API answers these; the page shows ``job.state.<value>``)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class Job:
    """One upload being processed."""

    id: str
    files: list[str]
    state: JobState = JobState.QUEUED
    case_id: str | None = None
    message: str = ""
    """Why the job failed (Bahasa Indonesia); the page shows ``key`` with ``detail`` instead."""
    key: str = ""
    detail: str = ""
    paths: list[Path] = field(default_factory=list)


async def save_uploads(files: list[UploadFile], folder: Path, max_bytes: int) -> list[Path]:
    """Check and save the uploads (PDF/JPEG/PNG/TIFF, not empty, not over ``max_bytes``)."""
    files = [f for f in files if f.filename]
    if not files:
        raise UploadError("upload.none")
    private_dir(folder)
    paths = []
    for up in files:
        data = await up.read(max_bytes + 1)
        name = Path(up.filename or "berkas").name
        if not data:
            raise UploadError("upload.empty", name=name)
        if len(data) > max_bytes:
            raise UploadError("upload.too_big", name=name, mb=str(max_bytes // 2**20))
        if not data.startswith(_MAGIC):
            raise UploadError("upload.not_doc", name=name)
        path = folder / name
        if path.exists():  # two files of the same name in one upload: keep both
            path = folder / f"{len(paths) + 1}_{name}"
        write_private(path, data)  # 0600 whatever the umask: ID scans
        paths.append(path)
    write_private(folder / ".names", "".join(f"{p.name}\n" for p in paths).encode())
    return paths


class JobRunner:
    """Runs uploads one at a time (the machine is small) and remembers their state.

    Each upload lives in its own private folder (``0700``, files ``0600``) under ``folder`` (the
    job id is the folder's name); the outcome is written beside the files (``.case`` holds the
    new case id, ``.failed`` the reason, ``.names`` the file names), so a job survives a restart
    of the desk: :meth:`resume` queues again the folders a stopped server left unfinished, and
    :meth:`get` answers from the folder for an old job. Once the case is stored (the store has
    its own copies) the uploaded files are deleted; a failed job keeps them for a second try.
    """

    def __init__(self, intake: Intake | None, folder: Path | None = None) -> None:
        self.intake = intake
        self.folder = folder
        self.jobs: dict[str, Job] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake")

    def new_folder(self) -> Path:
        """An empty folder for the files of one new upload."""
        if self.folder is None:
            raise RuntimeError("JobRunner without an upload folder")
        private_dir(self.folder)
        path = self.folder / uuid.uuid4().hex[:10]
        path.mkdir(mode=0o700)
        return private_dir(path)

    def submit(self, paths: list[Path]) -> Job:
        """Queue the files of one case (all in one upload folder)."""
        job_id = paths[0].parent.name if self.folder is not None else uuid.uuid4().hex[:10]
        job = Job(id=job_id, files=[p.name for p in paths], paths=paths)
        self.jobs[job.id] = job
        self._pool.submit(self._run, job)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job ``job_id``, from memory or, after a restart, from its folder."""
        if job_id in self.jobs:
            return self.jobs[job_id]
        if self.folder is None or not job_id.isalnum() or not (self.folder / job_id).is_dir():
            return None
        folder = self.folder / job_id
        names = folder / ".names"
        files = (names.read_text().splitlines() if names.is_file()
                 else [p.name for p in _files(folder)])
        job = Job(id=job_id, files=sorted(files))
        if (folder / ".case").exists():
            job.state, job.case_id = JobState.DONE, (folder / ".case").read_text().strip()
        elif (folder / ".failed").exists():
            job.state, job.key = JobState.FAILED, "job.failed"
            job.detail = (folder / ".failed").read_text().strip()
            job.message = text(job.key, "id", error=job.detail)
        return job

    def resume(self) -> list[Job]:
        """Queue again every upload folder left without an outcome (the server stopped)."""
        if self.folder is None or self.intake is None or not self.folder.is_dir():
            return []
        return [self.submit(files) for folder in sorted(self.folder.iterdir())
                if folder.is_dir() and not (folder / ".case").exists()
                and not (folder / ".failed").exists() and (files := _files(folder))]

    def _run(self, job: Job) -> None:
        if self.intake is None:
            job.state, job.key = JobState.FAILED, "job.no_flow"
            job.message = text(job.key, "id")
            return
        job.state = JobState.RUNNING
        try:
            job.case_id = self.intake(job.paths)
        except Exception as e:  # a background job: whatever went wrong is shown on its page
            job.key, job.detail = "job.failed", str(e)
            job.message = text(job.key, "id", error=job.detail)
            self._outcome(job, ".failed", job.detail)
            job.state = JobState.FAILED  # last: the outcome is on disk once the page shows it
            return
        self._outcome(job, ".case", job.case_id)
        for path in job.paths:  # stored: the upload copies of the ID scans go
            path.unlink(missing_ok=True)
        job.state = JobState.DONE

    def _outcome(self, job: Job, name: str, content: str) -> None:
        if self.folder is not None and job.paths:
            write_private(job.paths[0].parent / name, (content + "\n").encode())


def _files(folder: Path) -> list[Path]:
    """The uploaded files of one upload folder (not the outcome markers), sorted."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
