"""Flow ``intake_case``: the files of one walk-in applicant → a prefilled OSS record in the store.

The steps and their order live in plain Python in ``flows/walkin.py`` (``run_case``); this flow
runs them with each step as a task, a thin wrapper over the same function. Tasks pass pages
(pixels) in memory, so none of them caches or hashes its inputs; only the store write, which is
I/O, is retried.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from core.models import Document, FileError, Page
from extractors.pipeline import extract_pages
from flows import walkin
from flows.walkin import CaseResult
from records.assemble import CaseDraft, assemble_case

__all__ = ["CaseResult", "intake_case"]


@task(cache_policy=NO_CACHE)
def load_files(paths: list[Path]) -> tuple[list[Page], list[FileError]]:
    """Every page of every file; unreadable files become errors with their names."""
    return walkin.load_files(paths)


@task(cache_policy=NO_CACHE)
def extract(pages: list[Page]) -> tuple[list[Document], list[FileError]]:
    """Locate, classify and read every document on the pages."""
    return extract_pages(pages)


@task(cache_policy=NO_CACHE)
def validate_documents(documents: list[Document], office: str) -> list[Document]:
    """Each document with its own findings."""
    return walkin.validate_documents(documents, office)


@task(cache_policy=NO_CACHE)
def assemble(documents: list[Document], errors: list[FileError], *, office: str) -> CaseDraft:
    """Each document's findings, the findings between them, the prefilled OSS record."""
    return assemble_case(documents, errors, office=office)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def store_case(paths: list[Path], result: CaseResult, add_to: str | None = None) -> CaseResult:
    """Keep the files by content hash and store the case (or add it to case ``add_to``)."""
    return walkin.store_case(paths, result, add_to)


TASKS = walkin.Steps(load=load_files, extract=extract, assemble=assemble, store=store_case)


@flow(name="intake_case", log_prints=False)
def intake_case(paths: list[Path], add_to: str | None = None) -> CaseResult:
    """Read, check and prefill one applicant's files, and store the case for review (or add
    them to the applicant's earlier case ``add_to``)."""
    result = walkin.run_case(paths, TASKS, add_to=add_to)
    create_table_artifact(
        key=f"findings-{result.case_id.lower()}", table=walkin.findings_table(result) or [{}],
        description=f"Temuan kasus {result.case_id} (NIK/NPWP disamarkan)",
    )
    get_run_logger().info("case %s: %d documents, %d errors", result.case_id,
                          len(result.documents), len(result.errors))
    return result
