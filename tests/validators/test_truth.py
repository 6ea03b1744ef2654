"""The rules over generated truths: every injected defect caught, no alarm on clean cases."""

from __future__ import annotations

from core.models import Severity
from samples import truth
from validators.rules import check_case, check_document, documents_from_case

CASES = 300


def _findings(case: dict) -> list:
    docs = documents_from_case(case)
    return [f for d in docs for f in check_document(d, office=case["office"])] + check_case(docs)


def test_generated_truths() -> None:
    missed, alarms = [], []
    for index in range(1, CASES + 1):
        case = truth.build_case(7, index)
        found = _findings(case)
        raised = {f.code for f in found}
        missed += [(index, d["code"]) for d in case["defects"] if d["finding"] not in raised]
        if not case["defects"]:
            alarms += [(index, f.code) for f in found if f.severity is not Severity.INFO]
    assert missed == []
    assert alarms == []
