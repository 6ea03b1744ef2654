"""The queue, the case page (scans, record, findings, sources side by side), saving, status,
the printable summary, the page images and the CSV export."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.messages import text
from core.models import DocType, Document, Finding
from records import visits
from records.checklist import case_checklist
from records.export import field_marks, to_csv
from records.models import FIELDS_BY_NAME, RecordField
from records.store import MERGED, CaseSummary, CaseView, ConflictError, Store, StoreError
from review import ops
from review.i18n import request_lang
from review.revalidate import current_findings
from review.scans import ScanError, box_mark, field_key, finding_keys, render_page, scan_pages
from review.security import check_csrf
from review.web import User, page

STATUSES = ("needs_review", "submitted", "approved", "rejected", "")
COMPARED: dict[str, tuple[tuple[DocType, str], ...]] = {
    "nama": ((DocType.PERMIT, "nama_pemilik"),),
}
"""Document fields shown beside a record value although the record does not take them."""


def age(created: datetime, now: datetime | None = None) -> tuple[str, int]:
    """How long a case has waited, as an i18n key and a number (``age.hours``, 5)."""
    seconds = ops.waited_seconds(created, now)
    if seconds >= 86400:
        return "age.days", seconds // 86400
    if seconds >= 3600:
        return "age.hours", seconds // 3600
    return "age.minutes", seconds // 60


def _finding_rows(findings: list[Finding], doc_types: list[str], lang: str) -> list[dict[str, Any]]:
    rows = []
    for i, f in enumerate(findings):
        keys = finding_keys(f, doc_types)
        for name in f.fields if not f.doc_types else ():  # record fields → their sources
            spec = FIELDS_BY_NAME.get(name)
            keys += [field_key(d.value, s) for d, s in spec.sources] if spec else []
        message = f.message_en if lang == "en" and f.message_en else f.message
        rows.append({"id": f"finding-{i}", "finding": f, "message": message,
                     "keys": " ".join(dict.fromkeys(keys))})
    return rows


def _sources(spec: RecordField) -> tuple[tuple[DocType, str], ...]:
    return spec.sources + COMPARED.get(spec.name, ())


def _choices(spec: RecordField, documents: list[Document]) -> list[tuple[str, list[str]]]:
    """Each distinct value the documents print for ``spec``, with the documents that print it."""
    found: dict[str, list[str]] = {}
    for doc_type, name in _sources(spec):
        for doc in documents:
            value = doc.value(name) if doc.doc_type == doc_type else None
            if value and doc_type.value not in found.setdefault(value, []):
                found[value].append(doc_type.value)
    return list(found.items())


def _record_rows(view: CaseView, findings: list[Finding]) -> list[dict[str, Any]]:
    marks = field_marks(findings)
    rows = []
    for spec, rv in view.record.ordered():
        mark = marks[spec.name].value if spec.name in marks else ""
        source = rv.source
        if not mark and source is not None and rv.origin == "document" \
                and box_mark(source.field, source.confidence) == "low":
            mark = "low"
        if mark in ("", "info") and rv.unread:  # tidak terbaca: typed from the original
            mark = "unread"
        choices = _choices(spec, view.documents)
        rows.append({"spec": spec, "rv": rv, "mark": mark, "choices": choices,
                     "conflict": len(choices) > 1,
                     "keys": " ".join(field_key(d.value, s) for d, s in _sources(spec))})
    return rows


def case_context(request: Request, store: Store, case_id: str) -> dict[str, Any]:
    """Everything the case page and the printed summary show."""
    view = store.get_case(case_id)
    seen = visits_context(request, store, view)
    findings = current_findings(view) + seen["second_nib"]  # the applicant across visits
    doc_types = sorted({d.doc_type.value for d in view.documents})
    rows = _record_rows(view, findings)
    return {"case": view, "rows": rows, "conflicts": [r for r in rows if r["conflict"]],
            "findings": _finding_rows(findings, doc_types, request_lang(request)),
            "scans": scan_pages(store, view, findings),
            "checklist": case_checklist(store, view),  # records.checklist (issue 18)
            **seen}


def visits_context(request: Request, store: Store, view: CaseView) -> dict[str, Any]:
    """The applicant's other cases (same NIK or file) with their notices, a second approved
    record of the same business as a finding, and the case this one was merged into."""
    lang = request_lang(request)
    related = store.related_cases(nik=view.nik, shas=[f.sha256 for f in view.files],
                                  exclude=view.id)
    notes = [{"case": c, "message": f.message_en if lang == "en" else f.message}
             for (c, _via), f in zip(related, visits.other_cases(related), strict=True)]
    second = visits.second_nib(view.record, store.approved_records(view.nik, exclude=view.id)) \
        if view.nik else []
    merged_into = next((a.note.rsplit(" ", 1)[-1] for a in reversed(view.audit)
                        if a.new_value == MERGED and a.note), None)
    return {"visits": notes, "second_nib": second, "merged_into": merged_into}


def applicant_groups(store: Store, cases: list[CaseSummary]) -> list[dict[str, Any]]:
    """The queue's cases grouped by applicant (NIK; a case without one stands alone), in the
    order of each applicant's first case, with the applicant's cases not in the list."""
    groups: dict[str, dict[str, Any]] = {}
    for c in cases:
        groups.setdefault(c.nik or f"case:{c.id}", {"nik": c.nik, "cases": [], "elsewhere": []})
        groups[c.nik or f"case:{c.id}"]["cases"].append(c)
    shown = {c.id for c in cases}
    for nik, all_cases in store.applicants(c.nik for c in cases if c.nik).items():
        groups[nik]["elsewhere"] = [c for c in all_cases if c.id not in shown]
    return list(groups.values())


QUEUE_PAGE = 50
"""Cases per page of the queue (and of a search)."""


def make_router(*, store: Store) -> APIRouter:
    """The case routes on ``store``."""
    router = APIRouter(include_in_schema=False)

    def case_page(request: Request, case_id: str, status_code: int = 200,
                  **extra: Any) -> HTMLResponse:
        return page(request, "case.html", status_code, **case_context(request, store, case_id),
                    **extra)

    @router.get("/", response_class=HTMLResponse)
    def queue(request: Request, user: User, status: str = "needs_review",
              q: str = "", p: int = 1) -> HTMLResponse:
        status = status if status in STATUSES else "needs_review"
        p = max(1, p)
        cases = store.list_cases(status=status or None, search=q or None,
                                 limit=QUEUE_PAGE + 1, offset=(p - 1) * QUEUE_PAGE)
        more, cases = len(cases) > QUEUE_PAGE, cases[:QUEUE_PAGE]
        return page(request, "queue.html", cases=cases, status=status, q=q, statuses=STATUSES,
                    p=p, more=more,
                    ages={c.id: age(c.created_at) for c in cases},
                    groups=applicant_groups(store, cases))

    @router.get("/cases/{case_id}", response_class=HTMLResponse)
    def case(request: Request, case_id: str, user: User) -> HTMLResponse:
        return case_page(request, case_id)

    @router.get("/cases/{case_id}/print", response_class=HTMLResponse)
    def summary(request: Request, case_id: str, user: User) -> HTMLResponse:
        return page(request, "print.html", **case_context(request, store, case_id),
                    now=datetime.now(UTC))

    @router.get("/cases/{case_id}/scans/{index}/{n}.jpg")
    def scan(request: Request, case_id: str, index: int, n: int, user: User) -> Response:
        view = store.get_case(case_id)
        try:
            if not 0 <= index < len(view.files) or n < 1:
                raise ScanError(f"{index}/{n}")
            data = render_page(store.file_path(view.files[index]), n)
        except ScanError:
            return page(request, "error.html", 404,
                        message=text("error.scan_missing", request_lang(request)))
        return Response(data, media_type="image/jpeg",
                        headers={"Cache-Control": "no-store"})

    @router.post("/cases/{case_id}/record", dependencies=[Depends(check_csrf)])
    async def save(request: Request, case_id: str, user: User) -> Response:
        form = await request.form()
        values = {k: str(v) for k, v in form.items() if k not in ("csrf_token", "version")}
        try:
            ops.save_record(store, case_id, values, actor=user["name"],
                            expected_version=int(str(form.get("version") or "0")))
        except ops.RecordLockedError as e:  # approved or rejected: read-only
            return case_page(request, case_id, e.status_code,
                             conflict=text(e.key, request_lang(request), **e.params))
        except ConflictError as e:
            view = store.get_case(case_id)
            mine = {k: v for k, v in ops.normalise(values).items()
                    if k in view.record.values and v != view.record.get(k)}
            message = text("case.conflict", request_lang(request), id=case_id,
                                actual=str(e.actual), expected=str(e.expected))
            return case_page(request, case_id, 409, conflict=message, mine=mine,
                             others=ops.others_changes(view, user["name"]))
        except StoreError as e:  # a merged case: its files are another case's now
            return case_page(request, case_id, 409, conflict=str(e))
        return RedirectResponse(f"/cases/{case_id}", 303)

    @router.post("/cases/{case_id}/status", dependencies=[Depends(check_csrf)])
    def set_status(request: Request, case_id: str, user: User,
                   status: Annotated[str, Form()], version: Annotated[int, Form()],
                   reason: Annotated[str, Form()] = "") -> Response:
        lang = request_lang(request)
        try:
            ops.set_status(store, case_id, status, actor=user["name"],
                           expected_version=version, reason=reason, role=user["role"])
        except ops.DecisionError as e:  # role, reason or a move that does not exist
            return case_page(request, case_id, e.status_code,
                             conflict=text(e.key, lang, **e.params))
        except ConflictError as e:
            view = store.get_case(case_id)
            message = text("case.conflict", lang, id=case_id, actual=str(e.actual),
                                expected=str(e.expected))
            return case_page(request, case_id, 409, conflict=message,
                             others=ops.others_changes(view, user["name"]))
        except StoreError as e:  # a status that does not exist
            return case_page(request, case_id, 422, conflict=e.message(lang))
        return RedirectResponse(f"/cases/{case_id}", 303)

    @router.post("/cases/{case_id}/merge", dependencies=[Depends(check_csrf)])
    def merge(request: Request, case_id: str, user: User,
              into: Annotated[str, Form()]) -> Response:
        """Add this case's files to the applicant's earlier case ``into`` (this one closes).

        A decided (approved or rejected) case goes back to review: a supervisor's move only.
        """
        try:
            ops.merge_visit(store, case_id, into, actor=user["name"], role=user["role"])
        except ops.NotAllowedError as e:
            return case_page(request, case_id, 403, conflict=text(e.key, request_lang(request),
                                                                  **e.params))
        except StoreError as e:
            return case_page(request, case_id, 409, conflict=e.message(request_lang(request)))
        return RedirectResponse(f"/cases/{into}", 303)

    @router.get("/export.csv")
    def export_csv(user: User) -> Response:
        return Response(to_csv(ops.approved_rows(store)), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=oss.csv"})

    return router
