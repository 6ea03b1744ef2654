"""The KTP's enumerated fields in their allowed values (defined in :mod:`core.vocabulary.values`)
and its validity, on WNI and WNA cards.

Foreigners' cards (Kewarganegaraan = a country) print sex, religion, marital status and
occupation in English. Spellings vary across systems, so values are normalised first.
"""

from __future__ import annotations

from core.models import Document, Finding
from core.vocabulary import values as vocab
from validators.rules._common import emit, iso_date, today

SEX = vocab.SEX_CODE
BLOOD = frozenset(vocab.BLOOD_GROUPS)
RELIGION_ALIASES = vocab.RELIGION_VARIANTS
RELIGION = frozenset((*vocab.RELIGIONS, vocab.RELIGION_NONE))
RELIGION_EN = frozenset(vocab.RELIGIONS_EN)
MARITAL = frozenset(vocab.MARITAL_STATUSES)
MARITAL_EN = frozenset(vocab.MARITAL_STATUSES_EN)
PEKERJAAN = frozenset(vocab.OCCUPATIONS)
LIFETIME = vocab.LIFETIME


def is_wna(doc: Document) -> bool:
    """Whether the card is a foreigner's (Kewarganegaraan is not WNI)."""
    value = (doc.value("kewarganegaraan") or vocab.CITIZEN).upper().strip()
    return value not in (vocab.CITIZEN, "INDONESIA")


def _allowed(doc: Document) -> dict[str, frozenset[str]]:
    if is_wna(doc):
        return {"jenis_kelamin": frozenset(SEX), "golongan_darah": BLOOD,
                "agama": RELIGION | RELIGION_EN, "status_perkawinan": MARITAL | MARITAL_EN}
    return {"jenis_kelamin": frozenset(vocab.SEXES), "golongan_darah": BLOOD,
            "agama": RELIGION, "status_perkawinan": MARITAL}


def _normal(name: str, value: str) -> str:
    value = " ".join(value.upper().split())
    return RELIGION_ALIASES.get(value, value) if name == "agama" else value


def check_values(doc: Document) -> list[Finding]:
    """Enumerated fields in their allowed sets; Pekerjaan in the list; Berlaku Hingga."""
    found = []
    for name, allowed in _allowed(doc).items():
        value = doc.value(name)
        if value is None or _normal(name, value) in allowed:
            continue
        shown = ", ".join(sorted(allowed)) if len(allowed) < 9 else f"{len(allowed)} nilai"
        found.append(emit("ktp.value_not_allowed", [(doc, name)], field=name, value=value,
                          allowed=shown))
    job = doc.value("pekerjaan")
    if job and not is_wna(doc) and _normal("pekerjaan", job) not in PEKERJAAN:
        found.append(emit("ktp.pekerjaan_unlisted", [(doc, "pekerjaan")], value=job))
    return found + _validity(doc)


def _validity(doc: Document) -> list[Finding]:
    """WNI: SEUMUR HIDUP, or a date on early cards (still valid); WNA: a date, not past."""
    value = doc.value("berlaku_hingga")
    if not value:
        return []
    value = " ".join(value.upper().split())
    date, wna = iso_date(value), is_wna(doc)
    ref = [(doc, "berlaku_hingga"), (doc, "kewarganegaraan")]
    citizenship = vocab.CITIZENSHIPS[1] if wna else vocab.CITIZEN
    if not wna and value == LIFETIME:
        return []
    if not wna and date is not None:
        return [emit("ktp.berlaku_date_wni", ref[:1], value=value)]
    if wna and date is not None:
        return [] if date >= today() else [emit("ktp.expired", ref, value=value)]
    reason = ("WNA wajib bertanggal (masa KITAP)", "a foreigner's card needs a date (KITAP)") \
        if wna and value == LIFETIME else ("bukan tanggal atau SEUMUR HIDUP",
                                           "neither a date nor SEUMUR HIDUP")
    return [emit("ktp.berlaku_invalid", ref, value=value, citizenship=citizenship,
                 reason_id=reason[0], reason_en=reason[1])]
