"""The NIK as the documents of one case print it: reads weighed against each other.

The same NIK is printed on the KTP, on the NPWP card's NIK line (and as its 16-digit NPWP) and
on a PBG permit. When one read has unreadable glyphs (``?``) and the other documents' reads
contradict it nowhere and could read those glyphs, the glyphs are taken from them — still below
:data:`~extractors._cardread.SURE`, so the clerk confirms. When two complete reads differ in one
glyph, the clearly better read wins on the weaker document (its raw read is kept); when neither
is clearly better, both are lowered below :data:`~extractors._cardread.SURE`, so the case shows
"periksa NIK" (the mismatch finding, as a warning, with both reads) — never a silent pick.
"""

from __future__ import annotations

from core.models import DocType, Document, FieldRead
from extractors._cardread import SURE
from extractors.digits import UNREADABLE

NIK_FIELDS = ((DocType.KTP, "nik"), (DocType.NPWP, "nik"), (DocType.NPWP, "npwp"),
              (DocType.PERMIT, "nik"))
FILLED = 0.75
"""Confidence of glyphs taken from another document's read (shown for the clerk to confirm)."""
COMBINED = 0.55
"""The least confidence of a number pieced together from reads that each missed glyphs."""
FILL_AT_MOST = 4
"""Glyphs a read may take from the others (it agrees with them on the other 12 or more)."""
WEAK = 0.6
CLEARLY = 0.25
"""How much better one read's confidence must be to win a one-glyph disagreement."""


def _reads(docs: list[Document]) -> list[tuple[int, str, FieldRead]]:
    """``(document index, field, read)`` of every 16-glyph NIK read of the documents."""
    out = []
    for i, doc in enumerate(docs):
        for kind, name in NIK_FIELDS:
            f = doc.fields.get(name) if doc.doc_type == kind else None
            if f is not None and f.value and len(f.value) == 16:
                out.append((i, name, f))
    return out


def _differ(a: str, b: str) -> list[int]:
    """Positions where two reads show different digits (``?`` differs from nothing)."""
    return [k for k, (x, y) in enumerate(zip(a, b, strict=True))
            if x != y and UNREADABLE not in (x, y)]


def _compatible(values: list[str]) -> bool:
    """Whether no two reads show different digits at any position."""
    return all(not _differ(a, b) for k, a in enumerate(values) for b in values[k + 1:])


def _union(values: list[str]) -> str:
    """Each position's digit from whichever read could read it (``?`` where none could)."""
    return "".join(next((c for c in column if c != UNREADABLE), UNREADABLE)
                   for column in zip(*values, strict=True))


def reconcile_numbers(docs: list[Document]) -> list[Document]:
    """The documents with their NIK reads weighed against each other (see the module text);
    documents of more than one KTP (several applicants) are returned as they are."""
    if sum(d.doc_type == DocType.KTP for d in docs) > 1:
        return docs
    reads = _reads(docs)
    changed: dict[tuple[int, str], FieldRead] = {}
    for i, name, f in reads:
        value = str(f.value)
        others = [g for j, n, g in reads if (j, n) != (i, name)
                  and not _differ(value, str(g.value))]
        if UNREADABLE in value:
            if others and value.count(UNREADABLE) <= FILL_AT_MOST \
                    and _compatible([value] + [str(g.value) for g in others]):
                union = _union([value] + [str(g.value) for g in others])
                if UNREADABLE not in union:
                    conf = max(COMBINED, min(FILLED, max(g.confidence for g in others)))
                    changed[(i, name)] = f.model_copy(update={"value": union,
                                                              "confidence": conf})
            continue
        for j, n, g in reads:
            other = str(g.value)
            if (j, n) == (i, name) or UNREADABLE in other or len(_differ(value, other)) != 1:
                continue
            if g.confidence >= SURE and g.confidence - f.confidence >= CLEARLY:
                changed[(i, name)] = f.model_copy(update={"value": other,
                                                          "confidence": WEAK})
            elif f.confidence - g.confidence < CLEARLY:  # neither is clearly better
                low = min(f.confidence, WEAK)
                changed.setdefault((i, name), f.model_copy(update={"confidence": low}))
    if not changed:
        return docs
    out = []
    for i, doc in enumerate(docs):
        fields = {n: changed.get((i, n), f) for n, f in doc.fields.items()}
        out.append(doc if fields == doc.fields else doc.model_copy(update={"fields": fields}))
    return out
