"""Exception handlers: login redirect, refused CSRF, supervisor only, missing case, HTML 404."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.messages import text
from records.store import CaseNotFoundError
from review.i18n import request_lang
from review.security import CsrfError, LoginRequiredError, SupervisorRequiredError
from review.web import page


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error_page(request: Request, status_code: int, key: str, **params: str) -> Response:
    message = text(key, request_lang(request), **params)
    return page(request, "error.html", status_code, message=message)


def add_handlers(app: FastAPI) -> None:
    """Register the desk's exception handlers on ``app`` (JSON for ``/api`` paths)."""

    @app.exception_handler(LoginRequiredError)
    async def _login(request: Request, _exc: LoginRequiredError) -> Response:
        if _api(request):
            return JSONResponse({"detail": "login required"}, 401)
        return RedirectResponse(f"/login?next={request.url.path}", 303)

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, _exc: CsrfError) -> Response:
        if _api(request):
            return JSONResponse({"detail": "CSRF token missing or wrong"}, 403)
        return _error_page(request, 403, "error.csrf")

    @app.exception_handler(SupervisorRequiredError)
    async def _supervisor(request: Request, _exc: SupervisorRequiredError) -> Response:
        if _api(request):
            message = text("error.supervisor_only", request_lang(request))
            return JSONResponse({"detail": message}, 403)
        return _error_page(request, 403, "error.supervisor_only")

    @app.exception_handler(CaseNotFoundError)
    async def _missing(request: Request, exc: CaseNotFoundError) -> Response:
        if _api(request):
            return JSONResponse({"detail": str(exc)}, 404)
        case_id = request.path_params.get("case_id", "?")
        return _error_page(request, 404, "case.missing", id=str(case_id))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code != 404 or _api(request):
            return await http_exception_handler(request, exc)
        return _error_page(request, 404, "error.not_found", path=request.url.path)
