"""Exports of records in the order a clerk types them into the OSS form, and finding marks."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from core.models import Finding, Severity
from records.models import RECORD_FIELDS, OssRecord, RecordField

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _concerns(finding: Finding, spec: RecordField) -> bool:
    if spec.name in finding.fields:
        return True
    return any(
        field in finding.fields and (not finding.doc_types or doc in finding.doc_types)
        for doc, field in spec.sources
    )


def field_marks(findings: Iterable[Finding]) -> dict[str, Severity]:
    """The worst finding severity that concerns each record field.

    A finding names document fields (``nik``, ``jenis_kelamin``…) and the documents they belong
    to; a record field is concerned when one of its sources is such a document field.
    """
    marks: dict[str, Severity] = {}
    for finding in findings:
        for spec in RECORD_FIELDS:
            current = marks.get(spec.name)
            if _concerns(finding, spec) and (
                current is None or _RANK[finding.severity] < _RANK[current]
            ):
                marks[spec.name] = finding.severity
    return marks


def record_row(case_id: str, record: OssRecord) -> dict[str, str]:
    """One flat row: the case id, then every record value in OSS form order."""
    row = {"case_id": case_id}
    row.update({spec.name: record.get(spec.name) or "" for spec in RECORD_FIELDS})
    return row


def to_csv(rows: list[dict[str, str]]) -> str:
    """Rows as CSV text (UTF-8, header of record field names)."""
    out = io.StringIO()
    fieldnames = ["case_id", *(spec.name for spec in RECORD_FIELDS)]
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_json(rows: list[dict[str, str]]) -> str:
    """Rows as a JSON array, keys in OSS form order."""
    return json.dumps(rows, ensure_ascii=False, indent=2)
