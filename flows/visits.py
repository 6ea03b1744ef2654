"""The walk-in steps that know the applicant's earlier visits (plain Python, no Prefect).

- :func:`known_case` (before any reading): files the store already holds all of answer that
  case instead of making a second one; with ``add_to``, files scanned earlier as another case
  move that case into ``add_to``.
- :func:`store_visit`: the read documents stored as a new case, or added to ``add_to``.
- :func:`notices`: what the store knows of the applicant, for ``intake scan`` and the desk.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.files import file_sha256
from core.models import Finding
from core.settings import get_settings
from records.store import CaseView, Store
from records.visits import STATUS_NAMES, merge_case, other_cases, second_nib, store_added
from validators.codes import make_finding

if TYPE_CHECKING:
    from flows.walkin import CaseResult


def _shas(paths: list[Path]) -> list[str]:
    return sorted({file_sha256(p) for p in paths if p.is_file()})


def _status(case: CaseView) -> dict[str, str]:
    status_id, status_en = STATUS_NAMES.get(case.status, (case.status, case.status))
    return {"status_id": status_id, "status_en": status_en,
            "date": case.created_at.strftime("%d-%m-%Y")}


def notices(store: Store, view: CaseView, shas: list[str] | None = None) -> list[Finding]:
    """The applicant's other cases (same NIK or file) and a second approved business record."""
    shas = shas if shas is not None else [f.sha256 for f in view.files]
    found = other_cases(store.related_cases(nik=view.nik, shas=shas, exclude=view.id))
    if view.nik:
        found += second_nib(view.record, store.approved_records(view.nik, exclude=view.id))
    return found


def known_case(paths: list[Path], add_to: str | None = None,
               actor: str = "system") -> tuple[CaseView, list[Finding]] | None:
    """The stored case these files already are (with the notice saying so), or ``None``.

    Without ``add_to``: the newest case of exactly these files. With ``add_to``: that case
    itself when it is theirs; another case of exactly these files is merged into it (nothing is
    read twice). Anything else: ``None``, the files are read.
    """
    if not paths or not all(p.is_file() for p in paths):
        return None  # a missing file is reported by the reading, never answered from the store
    shas = _shas(paths)
    store = Store()
    try:
        holder = store.case_holding(shas)
        if add_to is not None and holder is None:
            target = store.get_case(add_to)
            if set(shas) <= {f.sha256 for f in target.files}:
                holder = add_to  # every file is in that case already: nothing to add
        if holder is None:
            return None
        if add_to is None or holder == add_to:
            view = store.get_case(holder)
            same = make_finding("applicant.same_files", fields=[], doc_types=[],
                                case_id=holder, **_status(view))
            return view, [same, *notices(store, view)]
        view = merge_case(store, holder, add_to, actor=actor, office=get_settings().office)
        return view, [store_added(view, len(shas), holder), *notices(store, view)]
    finally:
        store.close()


def store_visit(paths: list[Path], result: CaseResult, add_to: str | None = None,
                actor: str = "system") -> tuple[CaseView, list[Finding]]:
    """Store the read ``result`` as a new case, or add it to case ``add_to``."""
    from records.visits import combine

    store = Store()
    try:
        stored = [(p, store.add_file(p)) for p in paths if p.is_file()]
        files = [f for _p, f in stored]
        docs, errors = result.documents, result.errors
        if add_to is None:
            case_id = store.create_case(files=files, documents=docs, errors=errors,
                                        findings=result.findings, record=result.record)
            view = store.get_case(case_id)
            return view, notices(store, view, [f.sha256 for f in files])
        target = store.get_case(add_to)
        held = {f.sha256 for f in target.files}
        known = {str(q) for p, f in stored if f.sha256 in held for q in (p, p.resolve())}
        docs = [d for d in docs if d.source not in known]  # a file the case has: read once
        findings, record = combine(target, docs, get_settings().office)
        view = store.add_documents(add_to, files=files, documents=docs, findings=findings,
                                   errors=errors, record=record, actor=actor)
        return view, [store_added(view, len(files)), *notices(store, view)]
    finally:
        store.close()
