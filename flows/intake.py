"""Flow ``intake_case``: the files of one walk-in applicant → a prefilled OSS record in the store.

Each task is a thin wrapper over a pure function of ``extractors``, ``validators`` or ``records``.
Tasks pass pages (pixels) in memory, so none of them caches or hashes its inputs; only the store
write, which is I/O, is retried.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, Field

from core.models import Document, FileError, Finding, Page
from core.privacy import mask_text
from core.settings import get_settings
from extractors.load import iter_pages
from extractors.pipeline import extract_pages
from records.models import OssRecord
from records.prefill import prefill
from records.store import Store
from validators.rules import check_case, with_findings


class CaseResult(BaseModel):
    """What ``intake scan --json`` prints: the case, its documents, findings and record."""

    case_id: str
    documents: list[Document] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    """Case-level (cross-document) findings; each document carries its own."""
    errors: list[FileError] = Field(default_factory=list)
    record: OssRecord = Field(default_factory=OssRecord)


@task(cache_policy=NO_CACHE)
def load_files(paths: list[Path]) -> tuple[list[Page], list[FileError]]:
    """Every page of every file; unreadable files become errors with their names."""
    pages: list[Page] = []
    errors: list[FileError] = []
    for path in paths:
        for item in iter_pages(path):
            (errors if isinstance(item, FileError) else pages).append(item)  # type: ignore[arg-type]
    return pages, errors


@task(cache_policy=NO_CACHE)
def extract(pages: list[Page]) -> tuple[list[Document], list[FileError]]:
    """Locate, classify and read every document on the pages."""
    return extract_pages(pages)


@task(cache_policy=NO_CACHE)
def validate_documents(documents: list[Document], office: str) -> list[Document]:
    """Each document with its own findings."""
    return with_findings(documents, office=office)


@task(cache_policy=NO_CACHE)
def cross_validate(documents: list[Document], office: str) -> list[Finding]:
    """Findings between documents (NIK on NPWP vs KTP, names, NPWP16 = NIK…)."""
    return check_case(documents, office=office)


@task(cache_policy=NO_CACHE)
def prefill_record(documents: list[Document]) -> OssRecord:
    """The OSS record, every value with its provenance."""
    return prefill(documents)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 5])
def store_case(paths: list[Path], result: CaseResult) -> str:
    """Keep the files by content hash and store the case; returns the case id."""
    store = Store()
    try:
        files = [store.add_file(p) for p in paths if p.is_file()]
        return store.create_case(
            files=files, documents=result.documents, findings=result.findings,
            errors=result.errors, record=result.record,
        )
    finally:
        store.close()


def _findings_table(result: CaseResult) -> list[dict[str, str]]:
    rows = [
        {"dokumen": f"{d.doc_type.value} ({d.source})", "kode": f.code,
         "tingkat": f.severity.value, "pesan": mask_text(f.message)}
        for d in result.documents for f in d.findings
    ]
    rows += [{"dokumen": "antar-dokumen", "kode": f.code, "tingkat": f.severity.value,
              "pesan": mask_text(f.message)} for f in result.findings]
    rows += [{"dokumen": e.source, "kode": e.code, "tingkat": "error", "pesan": e.message}
             for e in result.errors]
    return rows


@flow(name="intake_case", log_prints=False)
def intake_case(paths: list[Path]) -> CaseResult:
    """Read, check and prefill one applicant's files, and store the case for review."""
    office = get_settings().office
    pages, load_errors = load_files(paths)
    documents, extract_errors = extract(pages)
    documents = validate_documents(documents, office)
    result = CaseResult(
        case_id="",
        documents=documents,
        findings=cross_validate(documents, office),
        errors=load_errors + extract_errors,
        record=prefill_record(documents),
    )
    result.case_id = store_case(paths, result)
    create_table_artifact(
        key=f"findings-{result.case_id.lower()}", table=_findings_table(result) or [{}],
        description=f"Temuan kasus {result.case_id} (NIK/NPWP disamarkan)",
    )
    get_run_logger().info("case %s: %d documents, %d errors", result.case_id,
                          len(documents), len(result.errors))
    return result
