"""NPWP card rules: the number (form, check digit, NIK form) and the card's NIK line."""

from __future__ import annotations

from core.models import Document, Finding
from validators import nik as nik_mod
from validators import npwp as npwp_mod
from validators._problems import Problem
from validators.rules._common import emit, emit_problems, readable, required


def _problems(module: object, value: str) -> list[Problem]:
    try:
        return module.problems(value)  # type: ignore[attr-defined]
    except ValueError as err:
        return [Problem(module.FORMAT, "format",  # type: ignore[attr-defined]
                        getattr(err, "params", {"value": value}))]


def check_npwp(doc: Document, office: str | None = None) -> list[Finding]:
    """Every NPWP-card rule over ``doc`` (``office`` is unused)."""
    del office
    found = required(doc, ("npwp",))
    number, nik_line = readable(doc, "npwp"), readable(doc, "nik")
    if number:
        found += emit_problems(_problems(npwp_mod, number), [(doc, "npwp")])
    if nik_line:
        found += emit_problems(_problems(nik_mod, nik_line), [(doc, "nik")])
    if number and nik_line and npwp_mod.is_valid(number) and nik_mod.is_valid(nik_line):
        npwp = npwp_mod.compact(number)[:16]
        nik = nik_mod.compact(nik_line)
        if npwp_mod.kind(npwp) == "nik" and npwp != nik:
            found.append(emit("npwp.nik_line_mismatch", [(doc, "npwp"), (doc, "nik")],
                              npwp=npwp, nik=nik))
    return found
