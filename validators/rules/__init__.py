"""Document rules (``Document`` → findings) and cross-document rules (case → findings).

>>> from validators.rules import check_document, document
>>> ktp = document("ktp", {"nik": "6311064508850003", "jenis_kelamin": "LAKI-LAKI"})
>>> [f.code for f in check_document(ktp)]
['doc.field_missing', 'nik.sex_mismatch']
"""

from __future__ import annotations

from collections.abc import Callable

from core.models import DocType, Document, Finding
from validators.codes import quality_hints
from validators.rules._common import (
    LOW_CONFIDENCE,
    corroborate,
    document,
    documents_from_case,
    trusted,
)
from validators.rules.cross import check_case
from validators.rules.ktp import check_ktp
from validators.rules.npwp import check_npwp
from validators.rules.permit import check_permit

__all__ = ["LOW_CONFIDENCE", "check_case", "check_document", "check_ktp", "check_npwp",
           "check_permit", "document", "documents_from_case", "with_findings"]

_RULES: dict[DocType, Callable[[Document, str | None], list[Finding]]] = {
    DocType.KTP: check_ktp,
    DocType.NPWP: check_npwp,
    DocType.PERMIT: check_permit,
}


def with_findings(docs: list[Document], *, office: str | None = None) -> list[Document]:
    """Copies of ``docs``, each carrying the findings of its own rules, weighed with the case
    (an identity number the other documents printed alike counts as read with confidence),
    and the hints of its quality flags."""
    return [d.model_copy(update={"findings": check_document(corroborate(d, docs),
                                                            office=office),
                                 "quality_hints": quality_hints(d.quality)})
            for d in docs]


def check_document(doc: Document, *, office: str | None = None) -> list[Finding]:
    """Every rule of ``doc``'s type; ``office`` (Kemendagri code) defaults to the setting.

    Plausibility warnings about values read with low confidence are left out.
    """
    rules = _RULES.get(doc.doc_type)
    return trusted(doc, rules(doc, office)) if rules is not None else []
