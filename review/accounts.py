"""Review-desk accounts: Argon2 password hashes in the store's ``users`` table; login throttling.

A new password and a disabled account end the user's sessions at once (``review.sessions``).
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.messages import text
from records.db import UserRow
from records.store import Store
from review.sessions import count_sessions, end_sessions

ROLES = ("clerk", "supervisor")
_HASHER = PasswordHasher()


class AccountError(ValueError):
    """An account change the desk refuses: message ``key`` (``core.messages``) with ``params``;
    ``str()`` is the Indonesian text, :meth:`message` either language."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(text(key, "id", **params))
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        """The refusal in ``lang``."""
        return text(self.key, lang, **self.params)


MIN_PASSWORD = 8


@dataclass(frozen=True)
class Account:
    """An account as the accounts page lists it."""

    name: str
    role: str
    active: bool
    created_at: datetime
    sessions: int


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError("accounts.password_short", n=str(MIN_PASSWORD))


def add_user(store: Store, name: str, password: str, role: str = "clerk") -> None:
    """Create an account (``clerk`` or ``supervisor``)."""
    if role not in ROLES:
        raise AccountError("accounts.unknown_role", role=role, choices=", ".join(ROLES))
    name = name.strip()
    if not name or len(name) > 64:
        raise AccountError("accounts.bad_name", n="64")
    _check_password(password)
    with Session(store.engine) as s, s.begin():
        if s.scalar(select(UserRow).where(UserRow.name == name)) is not None:
            raise AccountError("accounts.exists", name=name)
        s.add(UserRow(name=name, role=role, password_hash=_HASHER.hash(password), active=True))


def list_users(store: Store) -> list[Account]:
    """Every account, by name, with its number of live sessions."""
    with Session(store.engine) as s:
        rows = list(s.scalars(select(UserRow).order_by(UserRow.name)))
    return [Account(r.name, r.role, r.active, r.created_at, count_sessions(store.engine, r.name))
            for r in rows]


def _account(s: Session, name: str) -> UserRow:
    row = s.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise AccountError("accounts.no_such_user", name=name)
    return row


def set_password(store: Store, name: str, password: str) -> int:
    """Give ``name`` a new password; every session of the account ends (how many did)."""
    _check_password(password)
    with Session(store.engine) as s, s.begin():
        _account(s, name).password_hash = _HASHER.hash(password)
    return end_sessions(store.engine, name)


def set_active(store: Store, name: str, *, active: bool, actor: str | None = None) -> int:
    """Enable or disable ``name``; disabling ends its sessions at once (how many did).

    ``actor`` (the supervisor making the change) may not disable their own account.
    """
    if name == actor and not active:
        raise AccountError("accounts.not_self")
    with Session(store.engine) as s, s.begin():
        _account(s, name).active = active
    return 0 if active else end_sessions(store.engine, name)


def authenticate(store: Store, name: str, password: str) -> tuple[str, str] | None:
    """``(name, role)`` when the password is right, else ``None``."""
    with Session(store.engine) as s:
        row = s.scalar(select(UserRow).where(UserRow.name == name, UserRow.active.is_(True)))
    if row is None:
        _HASHER.hash(password)  # same cost whether or not the name exists
        return None
    try:
        _HASHER.verify(row.password_hash, password)
    except VerificationError:
        return None
    return row.name, row.role


class LoginThrottle:
    """At most ``limit`` failed logins per key (client address) within ``window`` seconds."""

    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, key: str) -> bool:
        """Whether ``key`` has used up its attempts."""
        q = self._failures[key]
        while q and q[0] < time.monotonic() - self.window:
            q.popleft()
        return len(q) >= self.limit

    def fail(self, key: str) -> None:
        """Count one failed attempt."""
        self._failures[key].append(time.monotonic())

    def reset(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful login)."""
        self._failures.pop(key, None)
