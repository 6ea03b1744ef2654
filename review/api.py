"""The review desk's JSON API under ``/api``: the pages' operations for scripts and other tools.

``install(app, store, runner, throttle)`` adds the routes, the OpenAPI schema of the ``/api``
routes (``/api/openapi.json``) and its Swagger page (``/api/docs``, served from local files: the
office may have no internet). Every route needs a login: the session cookie of the HTML login,
or of ``POST /api/login``. State-changing calls also need the session's CSRF token in the
``X-CSRF-Token`` header. The work itself is done by :mod:`review.ops`, as for the pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import fastapi_offline
from fastapi import APIRouter, FastAPI, File, Query, Request, UploadFile
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from core.messages import text
from core.privacy import mask_id
from records.export import to_csv
from records.store import CaseNotFoundError, ConflictError, Store
from review import api_admin, ops
from review.accounts import LoginThrottle
from review.api_common import (
    CSRF,
    CSRF_HEADER,
    ERRORS,
    MISSING,
    SESSION_COOKIE,
    ApiError,
    ApiUser,
    case_out,
    conflict,
    load_case,
)
from review.api_models import (
    CaseItem,
    CaseOut,
    ConflictOut,
    ErrorOut,
    ExportRow,
    LoginIn,
    RecordPatch,
    SessionOut,
    StatusIn,
    UploadJobOut,
)
from review.i18n import request_lang
from review.security import csrf_token
from review.uploads import MAX_BYTES, Job, JobRunner, UploadError
from validators import kbli

DESCRIPTION = f"""
The clerk review desk as JSON: the queue, a case with its documents and findings, corrections
re-validated on save, approve / reject, files moved between cases, uploads of new cases, exports
of approved records, the accounts.

**Login.** `POST /api/login` with `{{"name": …, "password": …}}` (or the HTML login) sets the
session cookie `{SESSION_COOKIE}`; send it with every call. Without it every route answers 401.
Five failed logins from one address within 5 minutes block that address for a while (429).

**CSRF.** Every call that changes something (`POST`, `PATCH`) needs the session's CSRF token in
the `{CSRF_HEADER}` header, else 403. The token comes with `POST /api/login` and
`GET /api/session`; a new login gives a new token. (On this page: *Authorize*, then paste it.)

**Concurrency.** A change names the case `version` it was based on; when another clerk saved
first the answer is 409 with their change, your unsaved values and the current case.

**Roles.** A clerk corrects a case and submits it (`submitted`; or takes it back to
`needs_review`); only the supervisor (Kasi) approves, rejects (reason required), sends back, and
reopens a decided case (reason required); others get 403. An approved or rejected record is
read-only: a correction answers 423 until the supervisor reopens the case. Accounts
(`/api/accounts…`: list, add, disable/enable, reset a password) are the supervisor's; everyone
changes their own password (`POST /api/password`).

**Files between cases.** `POST /api/cases/{{id}}/files/{{n}}/move` moves one file (with what was
read from it) to another case under review, or splits it off into a new one;
`POST /api/cases/{{id}}/merge` adds every file of a case to the applicant's other case (a decided
one goes back to review: supervisor only).

**Sessions** live in the store: logout, a new password or a disabled account end them at once
(a copied cookie stops working); 8 hours without a call end them too (`INTAKE_SESSION_IDLE_HOURS`).

Identity numbers are masked in lists (`6311********0003`) and whole on a case.
"""

_DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"
_SWAGGER_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="icon" href="/api/docs/favicon.png"></head><body>
<div id="swagger-ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script></body></html>"""
"""The Swagger page; its start-up script is a static file (the CSP allows no inline script)."""


# -- building answers -----------------------------------------------------------------------
def _job_out(job: Job, lang: str) -> UploadJobOut:
    message = text(job.key, lang, error=job.detail) if job.key else job.message
    return UploadJobOut(id=job.id, state=job.state, files=job.files,
                        case_id=job.case_id, message=message)


def _session_out(request: Request) -> SessionOut:
    user = request.session["user"]
    return SessionOut(name=user["name"], role=user["role"], csrf_token=csrf_token(request))


# -- dependencies ---------------------------------------------------------------------------
Uploads = Annotated[list[UploadFile] | None, File(
    description=f"The files of one applicant: PDF, JPEG, PNG or TIFF, each at most the desk's "
                f"limit ({MAX_BYTES // 2**20} MB unless set otherwise); several at once.")]


# -- routes ---------------------------------------------------------------------------------
def _session_routes(api: APIRouter, store: Store, throttle: LoginThrottle) -> None:
    @api.post("/login", summary="Log in",
              responses={401: {"model": ErrorOut}, 429: {"model": ErrorOut}})
    def login(request: Request, body: LoginIn) -> SessionOut:
        """Log in; the answer carries the CSRF token for later changes (no CSRF needed here)."""
        client = request.client.host if request.client else "?"
        try:
            ops.log_in(request.session, store, throttle, client, body.name, body.password)
        except ops.LoginRefusedError as e:
            raise ApiError(e.status_code, text(e.key, request_lang(request))) from None
        return _session_out(request)

    @api.get("/session", summary="Who is logged in; the CSRF token", responses=ERRORS)
    def get_session(request: Request, _user: ApiUser) -> SessionOut:
        """Who is logged in, and the session's CSRF token."""
        return _session_out(request)

    @api.post("/logout", summary="Log out", status_code=204, dependencies=CSRF, responses=ERRORS)
    def logout(request: Request) -> Response:
        """End the session."""
        request.session.clear()
        return Response(status_code=204)


def _case_routes(api: APIRouter, store: Store) -> None:
    @api.get("/cases", summary="The queue", responses=ERRORS)
    def list_cases(
        _user: ApiUser,
        status: Annotated[Literal["needs_review", "submitted", "approved", "rejected"] | None,
                          Query(description="Only cases of this status.")] = None,
        q: Annotated[str, Query(description="Search in name or NIK.")] = "",
    ) -> list[CaseItem]:
        """The queue, oldest first, with counts of errors and warnings."""
        return [CaseItem(id=c.id, kind=c.kind, status=c.status, version=c.version,
                         created_at=c.created_at, age_seconds=ops.waited_seconds(c.created_at),
                         applicant_name=c.applicant_name, nik_masked=mask_id(c.nik),
                         n_errors=c.n_errors, n_warnings=c.n_warnings)
                for c in store.list_cases(status=status, search=q or None)]

    @api.get("/kbli", summary="Search KBLI codes by title", responses=ERRORS)
    def search_kbli(_user: ApiUser, q: Annotated[str, Query(max_length=100)] = "",
                    limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[dict[str, Any]]:
        """KBLI codes of the office's version whose title matches ``q`` (best first)."""
        return kbli.search(q, limit=limit)

    @api.get("/cases/{case_id}", summary="One case", responses=MISSING)
    def get_case(case_id: str, _user: ApiUser) -> CaseOut:
        """A whole case."""
        return case_out(load_case(store, case_id))

    @api.patch("/cases/{case_id}/record", summary="Correct record values",
               dependencies=CSRF, response_model=CaseOut,
               responses={**MISSING, 409: {"model": ConflictOut}, 423: {"model": ErrorOut}})
    def save_record(request: Request, case_id: str, body: RecordPatch,
                    user: ApiUser) -> CaseOut | JSONResponse:
        """Correct record values; the findings are re-validated at once.

        An approved or rejected case is read-only (423) until the supervisor reopens it.
        """
        try:
            view = ops.save_record(store, case_id, body.changes, actor=user["name"],
                                   expected_version=body.version)
        except CaseNotFoundError as e:
            raise ApiError(404, e.message(request_lang(request))) from None
        except ops.RecordLockedError as e:
            raise ApiError(e.status_code, text(e.key, request_lang(request), **e.params)) from None
        except ConflictError as e:
            return conflict(store, e, user["name"], ops.normalise(body.changes))
        return case_out(view)

    @api.post("/cases/{case_id}/status", summary="Submit, approve, reject or reopen",
              dependencies=CSRF, response_model=CaseOut,
              responses={**MISSING, 409: {"model": ConflictOut}, 422: {"model": ErrorOut}})
    def set_status(request: Request, case_id: str, body: StatusIn,
                   user: ApiUser) -> CaseOut | JSONResponse:
        """Submit (clerk), approve, reject (reason), send back or reopen (supervisor, reason).

        403 when the role may not make the change; 409 when it does not exist from the case's
        status (approve an approved case) or the version is stale.
        """
        try:
            view = ops.set_status(store, case_id, body.status, actor=user["name"],
                                  expected_version=body.version, reason=body.reason,
                                  role=user["role"])
        except CaseNotFoundError as e:
            raise ApiError(404, e.message(request_lang(request))) from None
        except ops.DecisionError as e:
            raise ApiError(e.status_code, text(e.key, request_lang(request), **e.params)) from None
        except ConflictError as e:
            return conflict(store, e, user["name"], {"status": body.status})
        return case_out(view)

    @api.get("/export.json", summary="Approved records as JSON",
             response_model=list[ExportRow], responses=ERRORS)
    def export_json(_user: ApiUser) -> list[dict[str, str]]:
        """Approved records, keys in the order of the OSS form."""
        return ops.approved_rows(store)

    @api.get("/export.csv", summary="Approved records as CSV", response_class=Response,
             responses={**ERRORS, 200: {"content": {"text/csv": {}},
                                         "description": "CSV, columns in OSS form order."}})
    def export_csv(_user: ApiUser) -> Response:
        """Approved records as CSV (UTF-8), columns in the order of the OSS form."""
        return Response(to_csv(ops.approved_rows(store)), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=oss.csv"})


def _upload_routes(api: APIRouter, store: Store, runner: JobRunner, max_bytes: int) -> None:
    @api.post("/uploads", summary="New case from files", status_code=202, dependencies=CSRF,
              responses={**ERRORS, 422: {"model": ErrorOut}})
    async def upload_files(request: Request, _user: ApiUser,
                           files: Uploads = None) -> UploadJobOut:
        """A new case: the files are checked, then read by the intake flow in the background.

        Poll `GET /api/uploads/{job_id}` for the progress and, once done, the case id.
        """
        try:
            job = await ops.receive_uploads(store, runner, files or [], max_bytes)
        except UploadError as e:
            raise ApiError(422, text(e.key, request_lang(request), **e.params)) from None
        return _job_out(job, request_lang(request))

    @api.get("/uploads/{job_id}", summary="Progress of an upload", responses=MISSING)
    def upload_progress(request: Request, job_id: str, _user: ApiUser) -> UploadJobOut:
        """Progress of an upload; ``case_id`` once it is done."""
        found = runner.get(job_id)
        if found is None:
            raise ApiError(404, text("job.unknown", request_lang(request)))
        return _job_out(found, request_lang(request))


def _docs_routes(app: FastAPI, api: APIRouter) -> None:
    assets = {"swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"}

    @app.get("/api/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        if not request.session.get("user"):
            return RedirectResponse("/login?next=/api/docs", 303)
        return HTMLResponse(_SWAGGER_PAGE.format(title=f"{app.title} — API"))

    @app.get("/api/docs/{asset}", include_in_schema=False)
    def docs_asset(asset: str, _user: ApiUser) -> FileResponse:
        if asset not in assets:
            raise ApiError(404, "not found")
        return FileResponse(_DOCS_ASSETS / asset)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = get_openapi(title=app.title, version=app.version,
                                             description=DESCRIPTION, routes=api.routes)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI, store: Store, runner: JobRunner, throttle: LoginThrottle, *,
            max_bytes: int = MAX_BYTES) -> None:
    """Add the JSON API (and its docs) to the review desk ``app``.

    ``runner`` and ``throttle`` are the pages' own, so uploads queue behind each other and
    failed logins count together whichever door they come through.
    """
    api = APIRouter(prefix="/api", tags=["review desk"])
    _session_routes(api, store, throttle)
    _case_routes(api, store)
    _upload_routes(api, store, runner, max_bytes)
    api_admin.install(api, store)
    app.include_router(api)
    _docs_routes(app, api)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return JSONResponse({"detail": exc.detail}, exc.status_code)
