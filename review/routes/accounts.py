"""Accounts: the supervisor's page (add, disable, enable, reset a password) and each user's own
password change. A new password or a disabled account ends that user's sessions at once."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.messages import text
from records.store import Store
from review.accounts import ROLES, AccountError, add_user, authenticate, list_users, set_active
from review.accounts import set_password as new_password
from review.i18n import request_lang
from review.security import check_csrf, require_supervisor
from review.web import User, page

Supervisor = Annotated[dict[str, str], Depends(require_supervisor)]
CSRF = [Depends(check_csrf)]


def make_router(*, store: Store) -> APIRouter:
    """Routes ``/accounts…`` (supervisor only) and ``/password`` (every user)."""
    router = APIRouter(include_in_schema=False)

    def accounts_page(request: Request, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("error", None)
        ctx.setdefault("done", None)
        return page(request, "accounts.html", status_code, accounts=list_users(store),
                    roles=ROLES, **ctx)

    def refused(request: Request, e: AccountError) -> HTMLResponse:
        return accounts_page(request, 422, error=e.message(request_lang(request)))

    @router.get("/accounts", response_class=HTMLResponse)
    def accounts(request: Request, user: Supervisor) -> HTMLResponse:
        return accounts_page(request)

    @router.post("/accounts", dependencies=CSRF)
    def add(request: Request, user: Supervisor, name: Annotated[str, Form()],
            password: Annotated[str, Form()], role: Annotated[str, Form()] = "clerk") -> Response:
        try:
            add_user(store, name, password, role)
        except AccountError as e:
            return refused(request, e)
        return accounts_page(request, done=text("accounts.added", request_lang(request),
                                                name=name.strip()))

    @router.post("/accounts/active", dependencies=CSRF)
    def active(request: Request, user: Supervisor, name: Annotated[str, Form()],
               active: Annotated[bool, Form()]) -> Response:
        try:
            ended = set_active(store, name, active=active, actor=user["name"])
        except AccountError as e:
            return refused(request, e)
        key = "accounts.enabled" if active else "accounts.disabled"
        return accounts_page(request, done=text(key, request_lang(request), name=name,
                                                n=str(ended)))

    @router.post("/accounts/password", dependencies=CSRF)
    def reset(request: Request, user: Supervisor, name: Annotated[str, Form()],
              password: Annotated[str, Form()]) -> Response:
        try:
            ended = new_password(store, name, password)
        except AccountError as e:
            return refused(request, e)
        if name == user["name"]:
            request.session.renew()  # this browser stays logged in, on a new token
        return accounts_page(request, done=text("accounts.reset_done", request_lang(request),
                                                name=name, n=str(ended)))

    @router.get("/password", response_class=HTMLResponse)
    def password_form(request: Request, user: User, changed: bool = False) -> HTMLResponse:
        return page(request, "password.html", error=None, done=changed)

    @router.post("/password", dependencies=CSRF)
    def change_password(request: Request, user: User, current: Annotated[str, Form()],
                        new: Annotated[str, Form()], repeat: Annotated[str, Form()]) -> Response:
        lang = request_lang(request)
        error = None
        if authenticate(store, user["name"], current) is None:
            error = text("password.wrong", lang)
        elif new != repeat:
            error = text("password.mismatch", lang)
        else:
            try:
                new_password(store, user["name"], new)
            except AccountError as e:
                error = e.message(lang)
        if error:
            return page(request, "password.html", 422, error=error, done=False)
        request.session.renew()  # every other session of the user ended; this one continues
        return RedirectResponse("/password?changed=1", 303)

    return router
