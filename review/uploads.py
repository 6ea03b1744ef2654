"""New case from the browser: checked uploads, run through the intake flow in a thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from starlette.datastructures import UploadFile

from review.i18n import translate

MAX_BYTES = 25 * 1024 * 1024
_MAGIC = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*")
Intake = Callable[[list[Path]], str]
"""Runs the intake flow on the files of one case and returns the new case id."""


class UploadError(ValueError):
    """An upload that cannot become a case; ``key`` and ``params`` give the page's message."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(translate(key, "id", **params))
        self.key, self.params = key, params


@dataclass
class Job:
    """One upload being processed."""

    id: str
    files: list[str]
    state: str = "antre"
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
    folder.mkdir(parents=True, exist_ok=True)
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
        path.write_bytes(data)
        paths.append(path)
    return paths


class JobRunner:
    """Runs uploads one at a time (the machine is small) and remembers their state.

    Each upload lives in its own folder under ``folder`` (the job id is the folder's name); the
    outcome is written beside the files (``.case`` holds the new case id, ``.failed`` the
    reason), so a job survives a restart of the desk: :meth:`resume` queues again the folders a
    stopped server left unfinished, and :meth:`get` answers from the folder for an old job.
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
        path = self.folder / uuid.uuid4().hex[:10]
        path.mkdir(parents=True)
        return path

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
        job = Job(id=job_id, files=sorted(p.name for p in _files(folder)))
        if (folder / ".case").exists():
            job.state, job.case_id = "selesai", (folder / ".case").read_text().strip()
        elif (folder / ".failed").exists():
            job.state, job.key = "gagal", "job.failed"
            job.detail = (folder / ".failed").read_text().strip()
            job.message = translate(job.key, "id", error=job.detail)
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
            job.state, job.key = "gagal", "job.no_flow"
            job.message = translate(job.key, "id")
            return
        job.state = "diproses"
        try:
            job.case_id = self.intake(job.paths)
        except Exception as e:  # a background job: whatever went wrong is shown on its page
            job.key, job.detail = "job.failed", str(e)
            job.message = translate(job.key, "id", error=job.detail)
            self._outcome(job, ".failed", job.detail)
            job.state = "gagal"  # last: the outcome is on disk once the page shows it
            return
        self._outcome(job, ".case", job.case_id)
        job.state = "selesai"

    def _outcome(self, job: Job, name: str, text: str) -> None:
        if self.folder is not None and job.paths:
            (job.paths[0].parent / name).write_text(text + "\n")


def _files(folder: Path) -> list[Path]:
    """The uploaded files of one upload folder (not the outcome markers), sorted."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
