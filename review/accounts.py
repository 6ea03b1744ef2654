"""Review-desk accounts: Argon2 password hashes in the store's ``users`` table; login throttling."""

from __future__ import annotations

import time
from collections import defaultdict, deque

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from records.db import UserRow
from records.store import Store

ROLES = ("clerk", "supervisor")
_HASHER = PasswordHasher()


class AccountError(ValueError):
    """An account cannot be created as asked."""


def add_user(store: Store, name: str, password: str, role: str = "clerk") -> None:
    """Create an account (``clerk`` or ``supervisor``)."""
    if role not in ROLES:
        raise AccountError(f"Peran {role!r} tidak dikenal; pilih clerk atau supervisor.")
    if len(password) < 8:
        raise AccountError("Kata sandi minimal 8 karakter.")
    with Session(store.engine) as s, s.begin():
        if s.scalar(select(UserRow).where(UserRow.name == name)) is not None:
            raise AccountError(f"Pengguna {name} sudah ada.")
        s.add(UserRow(name=name, role=role, password_hash=_HASHER.hash(password), active=True))


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
