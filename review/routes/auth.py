"""Log in, log out, and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.messages import LANGS
from records.store import Store
from review.accounts import LoginThrottle
from review.ops import LoginRefusedError, log_in
from review.security import check_csrf
from review.web import page


def _local(target: str) -> str:
    """``target`` if it is a path of this site, else ``/`` (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def make_router(*, store: Store, throttle: LoginThrottle) -> APIRouter:
    """Routes ``/login``, ``/logout`` and ``/lang``."""
    router = APIRouter(include_in_schema=False)

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, "login.html", next=_local(next), error=None)

    @router.post("/login", dependencies=[Depends(check_csrf)])
    def login(request: Request, name: Annotated[str, Form()],
              password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
        client = request.client.host if request.client else "?"
        try:
            log_in(request.session, store, throttle, client, name, password)
        except LoginRefusedError as e:
            return page(request, "login.html", e.status_code, next=next, error=e.key)
        return RedirectResponse(_local(next), 303)

    @router.post("/logout", dependencies=[Depends(check_csrf)])
    def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", 303)

    @router.post("/lang", dependencies=[Depends(check_csrf)])
    def switch_language(request: Request, lang: Annotated[str, Form()],
                        back: Annotated[str, Form()] = "/") -> Response:
        if lang in LANGS:
            request.session["lang"] = lang
        return RedirectResponse(_local(back), 303)

    return router
