"""Session user, roles, CSRF tokens, the login-required guard and the security headers."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
"""No inline script or style anywhere: the desk's JavaScript and CSS are static files."""
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class LoginRequiredError(Exception):
    """The request needs a logged-in user."""


class CsrfError(Exception):
    """A state-changing request without a valid CSRF token."""


class SupervisorRequiredError(Exception):
    """The request needs the supervisor (Kasi) role."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request) -> None:
    """Refuse a POST whose form field or ``X-CSRF-Token`` header does not match the session."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        sent = str(form.get("csrf_token") or "")
    expected = request.session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent, expected):
        raise CsrfError


def current_user(request: Request) -> dict[str, str]:
    """The logged-in user (``name``, ``role``) or :class:`LoginRequiredError`."""
    user = request.session.get("user")
    if not user:
        raise LoginRequiredError
    return user


def require_supervisor(request: Request) -> dict[str, str]:
    """The logged-in supervisor, else :class:`SupervisorRequiredError` (403)."""
    user = current_user(request)
    if user.get("role") != "supervisor":
        raise SupervisorRequiredError
    return user


class SecurityHeadersMiddleware:
    """ASGI middleware: :data:`HEADERS` on every answer; HSTS over HTTPS; no caching of pages.

    Pages and API answers hold personal data: ``Cache-Control: no-store`` unless the route set
    its own (the scans: ``private``), so the back button of a shared office PC shows nothing
    after logout.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if scope.get("scheme") == "https":
                    headers["Strict-Transport-Security"] = "max-age=31536000"
                if "cache-control" not in headers and not scope["path"].startswith("/static/"):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
