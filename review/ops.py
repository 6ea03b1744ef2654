"""The review desk's operations, shared by the HTML pages and the JSON API.

Each function does one thing a clerk does (log in, save corrections with re-validation, approve
or reject, upload a new case, export the approved records) and raises the store's errors
(:class:`CaseNotFoundError`, :class:`ConflictError`) or its own (:class:`ReasonRequiredError`,
:class:`LoginRefusedError`, :class:`UploadError`); the callers turn them into a page or a JSON
answer.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import UploadFile

from core.settings import get_settings
from records.export import record_row
from records.store import AuditEntry, CaseView, ConflictError, Store
from review.accounts import LoginThrottle, authenticate
from review.i18n import translate
from review.revalidate import revalidate
from review.uploads import Job, JobRunner, UploadError, save_uploads


class ReasonRequiredError(ValueError):
    """A rejection without a reason (message key ``case.reason_needed``)."""

    key = "case.reason_needed"

    def __init__(self) -> None:
        super().__init__(translate(self.key, "id"))


def waited_seconds(created: datetime, now: datetime | None = None) -> int:
    """How long a case created at ``created`` has waited (SQLite keeps naive UTC)."""
    created = created if created.tzinfo else created.replace(tzinfo=UTC)
    return max(0, int(((now or datetime.now(UTC)) - created).total_seconds()))


def normalise(values: Mapping[str, str | None]) -> dict[str, str | None]:
    """Values as the record keeps them: trimmed, upper case, empty → ``None``."""
    return {name: (value or "").strip().upper() or None for name, value in values.items()}


def save_record(
    store: Store, case_id: str, values: Mapping[str, str | None], *, actor: str,
    expected_version: int, office: str | None = None,
) -> CaseView:
    """Save a clerk's corrections of ``case_id`` with the findings re-validated.

    ``values`` are record fields as typed (unknown names are ignored, unchanged values too;
    nothing changed: nothing saved). A stale ``expected_version`` raises
    :class:`ConflictError` before anything is checked.
    """
    view = store.get_case(case_id)
    if view.version != expected_version:
        raise ConflictError(case_id, expected_version, view.version)
    changes = {name: value for name, value in normalise(values).items()
               if name in view.record.values and value != view.record.get(name)}
    if not changes:
        return view
    findings = revalidate(view, changes, office or get_settings().office)
    return store.update_record(case_id, changes, actor=actor, findings=findings,
                               expected_version=expected_version)


def set_status(
    store: Store, case_id: str, status: str, *, actor: str, expected_version: int,
    reason: str = "",
) -> CaseView:
    """Approve, reject (a reason is required) or send back ``case_id``; audited."""
    reason = reason.strip()
    if status == "rejected" and not reason:
        raise ReasonRequiredError
    return store.set_status(case_id, status, actor=actor, expected_version=expected_version,
                            reason=reason or None)


def others_changes(view: CaseView, actor: str) -> list[AuditEntry]:
    """Edits and status changes by other users since ``actor``'s own last one on the case.

    What a clerk whose save was refused as stale needs to see: the change that came first.
    """
    own = [i for i, a in enumerate(view.audit) if a.actor == actor]
    start = own[-1] + 1 if own else 0
    return [a for a in view.audit[start:]
            if a.actor != actor and a.action in ("edit", "status")]


def approved_rows(store: Store) -> list[dict[str, str]]:
    """Every approved record as one export row (OSS form order), oldest case first."""
    return [record_row(case_id, record) for case_id, record in store.records("approved")]


class LoginRefusedError(Exception):
    """A login that did not succeed: 401 (``login.wrong``) or 429 (``login.throttled``)."""

    def __init__(self, status_code: int, key: str) -> None:
        super().__init__(translate(key, "id"))
        self.status_code, self.key = status_code, key


def log_in(session: dict[str, Any], store: Store, throttle: LoginThrottle, client: str,
           name: str, password: str) -> dict[str, str]:
    """Check the password (Argon2) within the throttle and start a fresh session for the user.

    The old session is dropped (no session fixation), so the CSRF token is new as well; only
    the chosen language is kept.
    """
    if throttle.blocked(client):
        raise LoginRefusedError(429, "login.throttled")
    found = authenticate(store, name, password)
    if found is None:
        throttle.fail(client)
        raise LoginRefusedError(401, "login.wrong")
    throttle.reset(client)
    lang = session.get("lang")
    session.clear()
    session["user"] = user = {"name": found[0], "role": found[1]}
    if lang:
        session["lang"] = lang  # the language chosen on the login page stays
    return user


async def receive_uploads(store: Store, runner: JobRunner, files: list[UploadFile],
                          max_bytes: int) -> Job:
    """Check and save the files of one new case, then queue them for the intake flow.

    Raises :class:`UploadError` (empty, too large, not a PDF or image) with a clear message.
    """
    folder = runner.new_folder()
    try:
        paths = await save_uploads(files, folder, max_bytes)
    except UploadError:
        shutil.rmtree(folder, ignore_errors=True)  # nothing half-saved is resumed later
        raise
    return runner.submit(paths)
