"""What every JSON API route shares: login and CSRF dependencies, errors, the case's API form.

Used by :mod:`review.api` (session, queue, case, uploads) and :mod:`review.api_admin` (accounts,
moving files between cases).
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyCookie, APIKeyHeader

from records.export import field_marks
from records.store import CaseNotFoundError, CaseView, ConflictError, Store
from review import ops
from review.api_models import CaseOut, ConflictOut, ErrorOut, FileOut, RecordValueOut
from review.revalidate import current_findings
from review.security import LoginRequiredError, SupervisorRequiredError, current_user

SESSION_COOKIE = "intake_session"
CSRF_HEADER = "X-CSRF-Token"

_COOKIE = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, scheme_name="session",
                       description="The session cookie set by `POST /api/login` (a random "
                                   "token; the session itself is kept by the server).")
_CSRF = APIKeyHeader(name=CSRF_HEADER, auto_error=False, scheme_name="csrf",
                     description="The session's CSRF token (from `/api/login` or "
                                 "`/api/session`); needed by every POST and PATCH.")


class ApiError(Exception):
    """An API answer other than success: ``{"detail": message}`` with ``status_code``."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(detail)
        self.status_code, self.detail = status_code, detail


def case_out(view: CaseView) -> CaseOut:
    """The API form of a stored case."""
    findings = current_findings(view)
    marks = field_marks(findings)
    record = [
        RecordValueOut(name=spec.name, section=spec.section, label=spec.label_id,
                       label_en=spec.label_en, value=value.value, origin=value.origin,
                       source=value.source, candidates=value.candidates,
                       conflict=value.conflict, mark=marks.get(spec.name), note=value.note,
                       read=value.read)
        for spec, value in view.record.ordered()
    ]
    return CaseOut(
        **view.model_dump(include={"id", "kind", "status", "version", "created_at",
                                   "updated_at", "applicant_name", "nik", "n_errors",
                                   "n_warnings"}),
        record=record, findings=findings, errors=view.errors, audit=view.audit,
        documents=[d.model_copy(update={"findings": []}) for d in view.documents],
        files=[FileOut(filename=f.filename, sha256=f.sha256, size=f.size) for f in view.files],
    )


def conflict(store: Store, err: ConflictError, actor: str,
             mine: dict[str, str | None]) -> JSONResponse:
    """409: the change refused as stale, with the other clerk's change and the current case."""
    current = store.get_case(err.case_id)
    body = ConflictOut(detail=str(err), case_id=err.case_id, expected_version=err.expected,
                       current_version=current.version, mine=mine,
                       theirs=ops.others_changes(current, actor), current=case_out(current))
    return JSONResponse(body.model_dump(mode="json"), 409)


def api_user(request: Request,
             _cookie: Annotated[str | None, Security(_COOKIE)] = None) -> dict[str, str]:
    """The logged-in user, else 401."""
    try:
        return current_user(request)
    except LoginRequiredError:
        raise ApiError(401, "login required") from None


ApiUser = Annotated[dict[str, str], Depends(api_user)]


def api_supervisor(user: ApiUser) -> dict[str, str]:
    """The logged-in supervisor (Kasi): 401 without a login, 403 for a clerk."""
    if user.get("role") != "supervisor":
        raise SupervisorRequiredError
    return user


Supervisor = Annotated[dict[str, str], Depends(api_supervisor)]


def require_csrf(request: Request, _user: ApiUser,
                 token: Annotated[str | None, Security(_CSRF)] = None) -> None:
    """Refuse (403) a change whose ``X-CSRF-Token`` header is not the session's token."""
    expected = request.session.get("csrf") or ""
    if not token or not expected or not hmac.compare_digest(token, expected):
        raise ApiError(403, f"CSRF token missing or wrong: send the {CSRF_HEADER} header "
                            "from /api/session")


ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorOut}, 403: {"model": ErrorOut}}
MISSING: dict[int | str, dict[str, Any]] = {**ERRORS, 404: {"model": ErrorOut}}
CSRF = [Depends(require_csrf)]


def load_case(store: Store, case_id: str) -> CaseView:
    """The case ``case_id``, else 404."""
    try:
        return store.get_case(case_id)
    except CaseNotFoundError as e:
        raise ApiError(404, str(e)) from None
