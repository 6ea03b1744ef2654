"""Session user, CSRF tokens and the login-required guard."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import Request


class LoginRequiredError(Exception):
    """The request needs a logged-in user."""


class CsrfError(Exception):
    """A state-changing request without a valid CSRF token."""


def secret_key(data_dir: Path) -> str:
    """The session signing key, kept in the data folder (created once)."""
    path = data_dir / "review_secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


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
