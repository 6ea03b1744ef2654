"""One walk-in case's steps, in plain Python (no Prefect): files → checked, prefilled, stored.

:func:`run_case` is the order of the steps. The ``intake_case`` flow (``flows/intake.py``) runs it
with each step as a Prefect task; ``intake scan`` and the desk run it directly when no Prefect
server is in use (``flows.prefect_setup.use_prefect``), so a cold command does not wait seconds
for Prefect's temporary server. Either way the same code reads, checks and stores the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from core.models import Document, FileError, Finding, Page
from core.privacy import mask_text
from core.settings import get_settings
from extractors.load import iter_pages
from extractors.pipeline import extract_pages
from records.assemble import assemble_case
from records.models import OssRecord
from records.store import CaseView
from validators.rules import check_case, with_findings


class CaseResult(BaseModel):
    """What ``intake scan --json`` prints: the case, its documents, findings and record."""

    case_id: str
    documents: list[Document] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    """Case-level (cross-document) findings; each document carries its own."""
    errors: list[FileError] = Field(default_factory=list)
    record: OssRecord = Field(default_factory=OssRecord)
    notices: list[Finding] = Field(default_factory=list)
    """What the store knows of the applicant (``applicant.*``: other cases, the same files
    answered, files added, a second approved record of the same business)."""
    existing: bool = False
    """The files were already stored: this is an earlier case, no new one was made."""


def answered(view: CaseView, notices: list[Finding], *, existing: bool) -> CaseResult:
    """The result for a stored case (as the store keeps it after a merge or an edit)."""
    own = [f for d in view.documents for f in d.findings]
    return CaseResult(case_id=view.id, documents=view.documents, errors=view.errors,
                      findings=[f for f in view.findings if f not in own], record=view.record,
                      notices=notices, existing=existing)


def load_files(paths: list[Path]) -> tuple[list[Page], list[FileError]]:
    """Every page of every file; unreadable files become errors with their names."""
    pages: list[Page] = []
    errors: list[FileError] = []
    for path in paths:
        for item in iter_pages(path):
            (errors if isinstance(item, FileError) else pages).append(item)  # type: ignore[arg-type]
    return pages, errors


def validate_documents(documents: list[Document], office: str) -> list[Document]:
    """Each document with its own findings."""
    return with_findings(documents, office=office)


def cross_validate(documents: list[Document], office: str) -> list[Finding]:
    """Findings between documents (NIK on NPWP vs KTP, names, NPWP16 = NIK…)."""
    return check_case(documents, office=office)


def store_case(paths: list[Path], result: CaseResult, add_to: str | None = None) -> CaseResult:
    """Keep the files by content hash and store the case (or add it to case ``add_to``)."""
    from flows.visits import store_visit

    view, notices = store_visit(paths, result, add_to)
    return answered(view, notices, existing=add_to is not None)


@dataclass(frozen=True)
class Steps:
    """The steps of a case; the flow passes its Prefect tasks of the same functions."""

    load: Callable[..., Any] = load_files
    extract: Callable[..., Any] = extract_pages
    assemble: Callable[..., Any] = assemble_case
    """Checks and prefills the case: the one assembly of walk-in and archive cases."""
    store: Callable[..., Any] = store_case


PLAIN = Steps()


def run_case(paths: list[Path], steps: Steps = PLAIN, *, add_to: str | None = None) -> CaseResult:
    """Read, check and prefill one applicant's files, and store the case for review.

    Files the store already holds answer their case without reading; with ``add_to`` (a case
    id) the files are added to that earlier case of the applicant instead of making a new one.
    """
    from flows.visits import known_case

    if (known := known_case(paths, add_to)) is not None:
        return answered(*known, existing=True)
    office = get_settings().office
    pages, load_errors = steps.load(paths)
    documents, extract_errors = steps.extract(pages)
    draft = steps.assemble(documents, load_errors + extract_errors, office=office)
    result = CaseResult(case_id="", documents=draft.documents, findings=draft.findings,
                        errors=draft.errors, record=draft.record)
    return steps.store(paths, result, add_to)


def findings_table(result: CaseResult) -> list[dict[str, str]]:
    """The case's findings and file errors as rows (identity numbers masked)."""
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


def intake(paths: list[Path], add_to: str | None = None) -> CaseResult:
    """One case the fastest way: through Prefect when a server is in use, else in-process."""
    from flows.prefect_setup import use_prefect

    if use_prefect():
        from flows.intake import intake_case

        return intake_case(paths=paths, add_to=add_to)
    return run_case(paths, add_to=add_to)
