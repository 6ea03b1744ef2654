"""One value in, what it encodes and its findings out: the engine of ``intake check``.

>>> info, findings = check_value("nik", "6311064508850003")
>>> info["district"], findings
('Paringin', [])
>>> [f.code for f in check_value("npwp", "01.312.166.1-091.000")[1]]
['npwp.check_digit', 'npwp.legacy_15']
"""

from __future__ import annotations

from types import ModuleType

from core.models import Finding, Severity
from validators import email, kbli, nib, nik, npwp, phone, postal_code
from validators._problems import Problem, to_findings

MODULES: dict[str, ModuleType] = {
    "nik": nik, "npwp": npwp, "nib": nib, "kbli": kbli, "phone": phone, "email": email,
    "postal": postal_code,
}
"""The number modules by the kind the CLI names."""
_FIELDS = {"nik": "nik", "npwp": "npwp", "nib": "nib", "kbli": "kbli", "phone": "telepon",
           "email": "email", "postal": "kode_pos"}


def problems_for(kind: str, value: str) -> list[Problem]:
    """Every rule ``value`` (a number of ``kind``) breaks; a value that cannot be read as
    such a number at all is one ``format`` problem.

    Raises:
        KeyError: ``kind`` is not one of :data:`MODULES`.
    """
    try:
        return MODULES[kind].problems(value)
    except ValueError as err:
        code = getattr(err, "code", f"{kind}.format")
        params = getattr(err, "params", {"value": str(value)[:40]})
        return [Problem(code, "format", params)]


def field_of(kind: str) -> str:
    """The record field a number of ``kind`` is typed in (``phone`` → ``telepon``)."""
    return _FIELDS[kind]


def findings_for(kind: str, value: str) -> list[Finding]:
    """Every finding about ``value`` (a number of ``kind``), without decoding it.

    Raises:
        KeyError: ``kind`` is not one of :data:`MODULES`.
    """
    problems = problems_for(kind, value)
    return to_findings(problems, [_FIELDS[kind]], []) if problems else []


def check_value(kind: str, value: str) -> tuple[dict, list[Finding]]:
    """What ``value`` (a number of ``kind``) encodes, and every finding about it.

    Raises:
        KeyError: ``kind`` is not one of :data:`MODULES`.
    """
    findings = findings_for(kind, value)
    if any(f.severity is Severity.ERROR for f in findings):
        return {}, findings
    return MODULES[kind].info(value), findings

