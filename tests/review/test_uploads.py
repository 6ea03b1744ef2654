"""Upload jobs outlive the desk: unfinished uploads are read after a restart, old jobs answer."""

from __future__ import annotations

import time
from pathlib import Path

from review.uploads import JobRunner, JobState


def _wait(runner: JobRunner, job_id: str) -> str:
    for _ in range(200):
        job = runner.get(job_id)
        assert job is not None
        if job.state in (JobState.DONE, JobState.FAILED):
            return job.state
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish")


def test_unfinished_upload_is_read_after_restart(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    seen: list[list[str]] = []

    def intake(paths: list[Path]) -> str:
        seen.append([p.name for p in paths])
        return "CASE0001"

    # a server stopped after saving the files, before its intake ran
    left = uploads / "a1b2c3d4e5"
    left.mkdir(parents=True)
    (left / "ktp.jpg").write_bytes(b"\xff\xd8\xff")
    (left / "npwp.pdf").write_bytes(b"%PDF")
    done = uploads / "f0e1d2c3b4"  # an upload finished before the restart
    done.mkdir()
    (done / "ktp.jpg").write_bytes(b"\xff\xd8\xff")
    (done / ".case").write_text("CASE0000\n")

    runner = JobRunner(intake, uploads)
    resumed = runner.resume()
    assert [j.id for j in resumed] == ["a1b2c3d4e5"]
    assert _wait(runner, "a1b2c3d4e5") == JobState.DONE
    assert seen == [["ktp.jpg", "npwp.pdf"]]
    assert (left / ".case").read_text().strip() == "CASE0001"

    later = JobRunner(intake, uploads)  # another restart: nothing left to read
    assert later.resume() == []
    old = later.get("f0e1d2c3b4")
    assert old is not None and old.state == JobState.DONE and old.case_id == "CASE0000"
    assert later.get("nothing") is None and later.get("../etc") is None


def test_failed_intake_is_recorded_with_its_reason(tmp_path: Path) -> None:
    def intake(paths: list[Path]) -> str:
        raise RuntimeError("flow crashed")

    runner = JobRunner(intake, tmp_path / "uploads")
    folder = runner.new_folder()
    (folder / "ktp.png").write_bytes(b"\x89PNG")
    job = runner.submit([folder / "ktp.png"])
    assert _wait(runner, job.id) == JobState.FAILED
    after_restart = JobRunner(intake, tmp_path / "uploads")
    assert after_restart.resume() == []
    old = after_restart.get(job.id)
    assert old is not None and old.state == JobState.FAILED and "flow crashed" in old.message
