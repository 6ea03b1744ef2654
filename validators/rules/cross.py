"""Cross-document rules of one walk-in case: KTP ↔ NPWP card ↔ building permit.

The KTP is the reference (OSS takes name and NIK from Dukcapil): the NPWP card's NIK line and
an individual's 16-digit NPWP must be the KTP's NIK; names must be the same person's after
removing titles and degrees; a permit's printed owner NIK must be the KTP's.
"""

from __future__ import annotations

from core.models import DocType, Document, Finding
from validators import nik as nik_mod
from validators import npwp as npwp_mod
from validators.rules import names
from validators.rules._common import corroborate, emit, readable


def _first(docs: list[Document], kind: DocType) -> Document | None:
    """The document of ``kind`` to compare: the first whose NIK was read, else the first."""
    of_kind = [d for d in docs if d.doc_type == kind]
    return next((d for d in of_kind if readable(d, "nik")), of_kind[0] if of_kind else None)


def _digits(value: str | None) -> str | None:
    """Compact digits, or ``None`` when unreadable (document rules report those)."""
    if not value:
        return None
    try:
        return nik_mod.compact(value)
    except ValueError:
        return None


def check_case(docs: list[Document], *, office: str | None = None) -> list[Finding]:
    """Findings between the documents of one case (none within a single document)."""
    del office
    docs = [corroborate(d, docs) for d in docs]  # a NIK printed alike elsewhere is evidence
    ktp = _first(docs, DocType.KTP)
    if ktp is None:
        return []
    found: list[Finding] = []
    npwp = _first(docs, DocType.NPWP)
    if npwp is not None:
        found += _npwp(ktp, npwp)
    permit = _first(docs, DocType.PERMIT)
    if permit is not None:
        found += _permit(ktp, permit)
    return found


def _npwp(ktp: Document, npwp: Document) -> list[Finding]:
    found = []
    ktp_nik, nik_line = _digits(readable(ktp, "nik")), _digits(readable(npwp, "nik"))
    if ktp_nik and nik_line and ktp_nik != nik_line:
        found.append(emit("cross.npwp_nik_mismatch", [(ktp, "nik"), (npwp, "nik")],
                          npwp_nik=nik_line, ktp_nik=ktp_nik))
    number = _digits(readable(npwp, "npwp"))
    if ktp_nik and number and len(number) in (16, 22):
        sixteen = number[:16]
        if npwp_mod.kind(sixteen) == "nik" and sixteen != ktp_nik:
            found.append(emit("cross.npwp16_not_nik", [(ktp, "nik"), (npwp, "npwp")],
                              npwp=sixteen, ktp_nik=ktp_nik))
    entity = number is not None and npwp_mod.kind(number[:16]) == "entity16"
    found += _names(ktp, npwp, "nama", "cross.name_mismatch", "NPWP", skip=entity)
    return found


def _names(ktp: Document, other: Document, field: str, code: str, label: str, *,
           skip: bool = False) -> list[Finding]:
    reference, name = readable(ktp, "nama"), readable(other, field)
    if skip or not reference or not name or not names.looks_like_a_name(reference + name):
        return []
    if names.is_entity(name):
        return [emit("cross.owner_entity", [(other, field)], other=name)] \
            if other.doc_type == DocType.PERMIT else []
    verdict = names.compare(reference, name)
    refs = [(ktp, "nama"), (other, field)]
    if verdict == "same":
        return []
    if verdict == "variant":
        return [emit("cross.name_variant", refs, doc=label, other=name, ktp=reference)]
    return [emit(code, refs, other=name, ktp=reference,
                 misread_explains=not names.far_apart(reference, name))]


def _permit(ktp: Document, permit: Document) -> list[Finding]:
    found = _names(ktp, permit, "nama_pemilik", "cross.owner_mismatch", "izin bangunan")
    ktp_nik, owner_nik = _digits(readable(ktp, "nik")), _digits(readable(permit, "nik"))
    if ktp_nik and owner_nik and ktp_nik != owner_nik:
        found.append(emit("cross.owner_nik_mismatch", [(ktp, "nik"), (permit, "nik")],
                          permit_nik=owner_nik, ktp_nik=ktp_nik))
    return found
