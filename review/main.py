"""The review desk: ``make_app(store=…)`` builds the FastAPI app (server-rendered, Jinja2)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from extractors.privacy import mask_id
from extractors.settings import get_settings
from records.export import field_marks, record_row, to_csv
from records.store import CaseNotFoundError, ConflictError, Store
from review.accounts import LoginThrottle, authenticate
from review.revalidate import current_findings, revalidate
from review.security import (
    CsrfError,
    LoginRequiredError,
    check_csrf,
    csrf_token,
    current_user,
    secret_key,
)
from review.uploads import MAX_BYTES, Intake, JobRunner, UploadError, save_uploads

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.filters["mask"] = mask_id
TEMPLATES.env.globals["STATUS"] = {"needs_review": "Perlu diperiksa", "approved": "Disetujui",
                                   "rejected": "Ditolak"}
User = Annotated[dict[str, str], Depends(current_user)]


def _page(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.update(user=request.session.get("user"), csrf=csrf_token(request))
    return TEMPLATES.TemplateResponse(request, name, ctx, status_code=status_code)


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequiredError)
    async def _login(request: Request, _exc: LoginRequiredError) -> Response:
        if request.url.path.startswith("/api"):
            return Response('{"detail": "login required"}', 401, media_type="application/json")
        return RedirectResponse(f"/login?next={request.url.path}", 303)

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, _exc: CsrfError) -> Response:
        return _page(request, "error.html", 403, message="Formulir kedaluwarsa (token CSRF "
                     "tidak cocok). Muat ulang halaman lalu coba lagi.")

    @app.exception_handler(CaseNotFoundError)
    async def _missing(request: Request, exc: CaseNotFoundError) -> Response:
        return _page(request, "error.html", 404, message=str(exc))


def _auth_routes(app: FastAPI, store: Store, throttle: LoginThrottle) -> None:
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return _page(request, "login.html", next=next, error=None)

    @app.post("/login", dependencies=[Depends(check_csrf)])
    def login(request: Request, name: Annotated[str, Form()],
              password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
        key = request.client.host if request.client else "?"
        if throttle.blocked(key):
            return _page(request, "login.html", 429, next=next,
                         error="Terlalu banyak percobaan gagal. Coba lagi 5 menit lagi.")
        user = authenticate(store, name, password)
        if user is None:
            throttle.fail(key)
            return _page(request, "login.html", 401, next=next,
                         error="Nama pengguna atau kata sandi salah.")
        throttle.reset(key)
        request.session.clear()
        request.session["user"] = {"name": user[0], "role": user[1]}
        return RedirectResponse(next if next.startswith("/") else "/", 303)

    @app.post("/logout", dependencies=[Depends(check_csrf)])
    def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", 303)


def _case_routes(app: FastAPI, store: Store) -> None:
    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, user: User, status: str = "needs_review",
              q: str = "") -> HTMLResponse:
        cases = store.list_cases(status=status or None, search=q or None)
        return _page(request, "queue.html", cases=cases, status=status, q=q)

    @app.get("/cases/{case_id}", response_class=HTMLResponse)
    def case(request: Request, case_id: str, user: User) -> HTMLResponse:
        return _case_page(request, store, case_id)

    @app.post("/cases/{case_id}/record", dependencies=[Depends(check_csrf)])
    async def save(request: Request, case_id: str, user: User) -> Response:
        form = await request.form()
        view = store.get_case(case_id)
        changes = {name: (str(form[name]).strip().upper() or None)
                   for name in view.record.values if name in form}
        changes = {k: v for k, v in changes.items() if v != view.record.get(k)}
        findings = revalidate(view, changes, get_settings().office)
        try:
            store.update_record(case_id, changes, actor=user["name"], findings=findings,
                                expected_version=int(str(form.get("version", "0"))))
        except ConflictError as e:
            return _case_page(request, store, case_id, conflict=str(e), mine=changes,
                              status_code=409)
        return RedirectResponse(f"/cases/{case_id}", 303)

    @app.post("/cases/{case_id}/status", dependencies=[Depends(check_csrf)])
    def set_status(request: Request, case_id: str, user: User,
                   status: Annotated[str, Form()], version: Annotated[int, Form()],
                   reason: Annotated[str, Form()] = "") -> Response:
        if status == "rejected" and not reason.strip():
            return _case_page(request, store, case_id, status_code=422,
                              conflict="Penolakan memerlukan alasan.")
        try:
            store.set_status(case_id, status, actor=user["name"], expected_version=version,
                             reason=reason or None)
        except ConflictError as e:
            return _case_page(request, store, case_id, conflict=str(e), status_code=409)
        return RedirectResponse(f"/cases/{case_id}", 303)

    @app.get("/export.csv")
    def export_csv(user: User) -> Response:
        rows = [record_row(c.id, store.get_case(c.id).record)
                for c in store.list_cases(status="approved")]
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=oss.csv"})


def _case_page(request: Request, store: Store, case_id: str, *, conflict: str | None = None,
               mine: dict[str, str | None] | None = None, status_code: int = 200) -> HTMLResponse:
    view = store.get_case(case_id)
    findings = current_findings(view)
    return _page(request, "case.html", status_code, case=view, marks=field_marks(findings),
                 findings=findings, conflict=conflict, mine=mine or {})


def _upload_routes(app: FastAPI, store: Store, runner: JobRunner, max_bytes: int) -> None:
    @app.get("/upload", response_class=HTMLResponse)
    def upload_form(request: Request, user: User) -> HTMLResponse:
        return _page(request, "upload.html", error=None)

    @app.post("/upload", dependencies=[Depends(check_csrf)])
    async def upload(request: Request, user: User) -> Response:
        files = [f for f in (await request.form()).getlist("files") if not isinstance(f, str)]
        folder = store.data_dir / "uploads" / uuid.uuid4().hex[:10]
        try:
            paths = await save_uploads(files, folder, max_bytes)
        except UploadError as e:
            return _page(request, "upload.html", 422, error=str(e))
        return RedirectResponse(f"/upload/{runner.submit(paths).id}", 303)

    @app.get("/upload/{job_id}", response_class=HTMLResponse)
    def job_page(request: Request, job_id: str, user: User) -> HTMLResponse:
        job = runner.jobs.get(job_id)
        if job is None:
            return _page(request, "error.html", 404, message="Unggahan tidak dikenal.")
        return _page(request, "job.html", job=job)


def make_app(store: Store | None = None, *, intake: Intake | None = None,
             max_bytes: int = MAX_BYTES) -> FastAPI:
    """The review desk app on ``store``; ``intake`` runs the intake flow on uploaded files."""
    store = store or Store()
    app = FastAPI(title="OSS intake review desk", docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.add_middleware(SessionMiddleware, secret_key=secret_key(store.data_dir),
                       session_cookie="intake_session", same_site="lax", https_only=False)
    _add_handlers(app)
    _auth_routes(app, store, LoginThrottle())
    _case_routes(app, store)
    _upload_routes(app, store, JobRunner(intake), max_bytes)

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi(user: User) -> dict[str, Any]:
        return app.openapi()

    return app
