"""Review-desk sessions kept in the store, not in the cookie.

The cookie holds only a random token; the store keeps its SHA-256 (a copy of the database
gives no live cookie) with the session's data (user, CSRF token, language) and when it was last
used. So a session ends for real: on logout (the row is deleted, a copied cookie is worthless),
on a password change or when a supervisor disables the account (every row of the user goes),
and after ``session_idle_hours`` without a request. A new login always gets a new token (no
session fixation). The store is SQLite or PostgreSQL, like the cases.

:class:`ServerSessionMiddleware` fills ``request.session`` as Starlette's signed-cookie
middleware did, so routes read and write it the same way.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from records.db import DeskSessionRow as SessionRow
from records.db import UserRow

COOKIE = "intake_session"
_TOUCH_EVERY = timedelta(seconds=60)
"""``last_seen`` is written at most this often per session (one write, not one per request)."""


class DeskSession(dict[str, Any]):
    """``request.session``: a dict; :meth:`renew` gives it a new token on the way out."""

    renewed = False

    def renew(self) -> None:
        """Keep the data under a new token (after the user's other sessions were ended)."""
        self.renewed = True


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite keeps naive UTC


def end_sessions(engine: Engine, user_name: str) -> int:
    """End every session of ``user_name`` (password changed, account disabled); how many."""
    with Session(engine) as s, s.begin():
        return s.execute(delete(SessionRow).where(SessionRow.user_name == user_name)).rowcount


def count_sessions(engine: Engine, user_name: str) -> int:
    """How many live sessions ``user_name`` has (for the accounts page and tests)."""
    with Session(engine) as s:
        return len(s.scalars(select(SessionRow.id).where(SessionRow.user_name == user_name))
                   .all())


class SessionStore:
    """Load, create, update and delete session rows; sessions idle for ``idle`` end."""

    def __init__(self, engine: Engine, idle: timedelta) -> None:
        self.engine, self.idle = engine, idle

    def load(self, token: str) -> SessionRow | None:
        """The live session of ``token`` (``None``: unknown, idle too long, or user disabled).

        The user's role is read afresh from the account, so a changed role counts at once.
        """
        now = datetime.now(UTC)
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            row = s.get(SessionRow, _digest(token))
            if row is None:
                return None
            if now - _aware(row.last_seen) > self.idle:
                s.delete(row)
                return None
            if row.user_name is not None:
                account = s.scalar(select(UserRow).where(UserRow.name == row.user_name,
                                                         UserRow.active.is_(True)))
                if account is None:
                    s.delete(row)
                    return None
                user = dict(row.data.get("user") or {})
                if user.get("role") != account.role:
                    row.data = {**row.data, "user": {**user, "role": account.role}}
            if now - _aware(row.last_seen) > _TOUCH_EVERY:
                row.last_seen = now
            return row

    def create(self, data: dict[str, Any]) -> str:
        """A new session holding ``data``; returns its token (and prunes idle ones)."""
        token, now = secrets.token_urlsafe(32), datetime.now(UTC)
        with Session(self.engine) as s, s.begin():
            s.execute(delete(SessionRow).where(SessionRow.last_seen < now - self.idle))
            s.add(SessionRow(id=_digest(token), user_name=_user_name(data), data=data,
                             created_at=now, last_seen=now))
        return token

    def save(self, token: str, data: dict[str, Any]) -> bool:
        """Store ``data`` in the session of ``token``; ``False`` when it was ended meanwhile."""
        with Session(self.engine) as s, s.begin():
            done = s.execute(update(SessionRow).where(SessionRow.id == _digest(token))
                             .values(data=data, user_name=_user_name(data),
                                     last_seen=datetime.now(UTC)))
            return bool(done.rowcount)

    def delete(self, token: str) -> None:
        """End the session of ``token``."""
        with Session(self.engine) as s, s.begin():
            s.execute(delete(SessionRow).where(SessionRow.id == _digest(token)))


def _user_name(data: dict[str, Any]) -> str | None:
    user = data.get("user")
    return user.get("name") if isinstance(user, dict) else None


class ServerSessionMiddleware:
    """ASGI middleware: ``scope["session"]`` from the store, written back before the answer.

    The cookie is ``HttpOnly``, ``SameSite=Lax``, a browser-session cookie (no expiry date:
    the idle timeout is the server's), and ``Secure`` when the request came over HTTPS (behind
    a proxy: run uvicorn with ``--proxy-headers``) or ``secure`` is set.
    """

    def __init__(self, app: ASGIApp, *, engine: Engine, idle: timedelta,
                 secure: bool = False) -> None:
        self.app, self.sessions, self.secure = app, SessionStore(engine, idle), secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = HTTPConnection(scope).cookies.get(COOKIE)
        row = await run_in_threadpool(self.sessions.load, token) if token else None
        initial = dict(row.data) if row is not None else {}
        session = scope["session"] = DeskSession(initial)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await run_in_threadpool(
                    self._commit, token if row is not None else None, initial, session,
                    stale=token is not None and row is None)
                if cookie is not None:
                    MutableHeaders(scope=message).append("Set-Cookie", self._cookie(cookie,
                                                                                     scope))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _commit(self, token: str | None, initial: dict[str, Any], session: DeskSession, *,
                stale: bool) -> str | None:
        """Write the session back; the cookie value to set (``""`` clears it), or ``None``."""
        data = dict(session)
        if token is not None and (session.renewed or data.get("user") != initial.get("user")):
            self.sessions.delete(token)  # login, logout, password change: a new token
            token, stale = None, True
        if token is None:
            if data:
                return self.sessions.create(data)
            return "" if stale else None
        if data == initial:
            return None
        if not data:
            self.sessions.delete(token)
            return ""
        return None if self.sessions.save(token, data) else ""

    def _cookie(self, value: str, scope: Scope) -> str:
        secure = self.secure or scope.get("scheme") == "https"
        parts = [f"{COOKIE}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if not value:
            parts.append("Max-Age=0")
        if secure:
            parts.append("Secure")
        return "; ".join(parts)
