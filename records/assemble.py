"""One case from the documents read: findings per document and across them, the prefilled record.

The one assembly shared by the walk-in intake (``flows.intake``) and the archive
(``flows.archive``), so both check and prefill a case the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pydantic import BaseModel, Field

from core.models import Document, FileError, Finding
from records.models import OssRecord
from records.prefill import prefill
from validators.rules import check_case, with_findings


class CaseDraft(BaseModel):
    """A case ready to store: documents with their findings, case findings, errors, record."""

    documents: list[Document] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    """Case-level (cross-document) findings; each document carries its own."""
    errors: list[FileError] = Field(default_factory=list)
    record: OssRecord = Field(default_factory=OssRecord)

    def all_findings(self) -> list[Finding]:
        """Every finding: the documents' and the case's."""
        return [f for d in self.documents for f in d.findings] + list(self.findings)


def assemble_case(documents: list[Document], errors: list[FileError], *, office: str) -> CaseDraft:
    """Check each document and the documents against each other, and prefill the record."""
    checked = with_findings(documents, office=office)
    return CaseDraft(documents=checked, findings=check_case(checked, office=office),
                     errors=list(errors), record=prefill(checked))


def archive_key(file_hashes: Iterable[str]) -> str:
    """The store key of an archive case made of files with these hashes (order does not matter).

    >>> archive_key(["b", "a"]) == archive_key(["a", "b"])
    True
    """
    joined = "".join(sorted(file_hashes)).encode()
    return f"archive:{hashlib.sha256(joined).hexdigest()}"
