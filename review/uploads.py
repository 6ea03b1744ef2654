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
    """Runs uploads one at a time (the machine is small) and remembers their state."""

    def __init__(self, intake: Intake | None) -> None:
        self.intake = intake
        self.jobs: dict[str, Job] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake")

    def submit(self, paths: list[Path]) -> Job:
        """Queue the files of one case."""
        job = Job(id=uuid.uuid4().hex[:10], files=[p.name for p in paths], paths=paths)
        self.jobs[job.id] = job
        self._pool.submit(self._run, job)
        return job

    def _run(self, job: Job) -> None:
        if self.intake is None:
            job.state, job.key = "gagal", "job.no_flow"
            job.message = translate(job.key, "id")
            return
        job.state = "diproses"
        try:
            job.case_id = self.intake(job.paths)
        except (OSError, RuntimeError, ValueError) as e:
            job.state, job.key, job.detail = "gagal", "job.failed", str(e)
            job.message = translate(job.key, "id", error=job.detail)
            return
        job.state = "selesai"
