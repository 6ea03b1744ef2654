"""Re-validation on save: the record's corrected values put back into the documents, re-checked."""

from __future__ import annotations

from core.models import Document, FieldRead, Finding
from records.models import FIELDS_BY_NAME
from records.store import CaseView


def apply_changes(documents: list[Document], changes: dict[str, str | None]) -> list[Document]:
    """Copies of ``documents`` where each changed record value replaces its first source field."""
    docs = [d.model_copy(deep=True) for d in documents]
    for name, value in changes.items():
        for doc_type, field in FIELDS_BY_NAME[name].sources if name in FIELDS_BY_NAME else ():
            doc = next((d for d in docs if d.doc_type == doc_type), None)
            if doc is None:
                continue
            old = doc.fields.get(field) or FieldRead()
            doc.fields[field] = old.model_copy(update={"value": value, "confidence": 1.0})
            break
    return docs


def revalidate(view: CaseView, changes: dict[str, str | None], office: str) -> list[Finding]:
    """Every finding (document and cross-document) after applying the clerk's edits."""
    from validators.rules import check_case, with_findings

    edited = {k: v.value for k, v in view.record.values.items() if v.origin == "clerk"}
    docs = apply_changes(view.documents, {**edited, **changes})
    checked = with_findings(docs, office=office)
    return [f for d in checked for f in d.findings] + check_case(checked, office=office) \
        + record_findings(view, changes, office)


def record_findings(view: CaseView, changes: dict[str, str | None], office: str) -> list[Finding]:
    """The rules over the record's clerk-typed values (business fields, contact, KBLI)."""
    from validators.business import check_values

    values = {k: v.value for k, v in view.record.values.items()} | changes
    typed = {k for k, v in view.record.values.items() if v.origin != "document"} | set(changes)
    return check_values(values, office=office, numbers=True, typed=typed)


def current_findings(view: CaseView) -> list[Finding]:
    """The case's findings: after an edit the store keeps the full re-validated list."""
    if any(a.action == "edit" for a in view.audit):
        return list(view.findings)
    return [f for d in view.documents for f in d.findings] + list(view.findings)
