"""The review desk's operations, shared by the HTML pages and the JSON API.

Each function does one thing a clerk or the supervisor does (log in, save corrections with
re-validation, submit, approve or reject, move files between cases, upload a new case, export
the approved records) and raises the store's errors (:class:`CaseNotFoundError`,
:class:`ConflictError`, :class:`StoreError`) or its own (:class:`DecisionError` and its kinds,
:class:`LoginRefusedError`, :class:`UploadError`); the callers turn them into a page or a JSON
answer.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import UploadFile

from core.messages import text
from core.settings import get_settings
from records import regroup, visits
from records.checklist import missing_for_approval
from records.export import record_row
from records.store import STATUSES, AuditEntry, CaseView, ConflictError, Store
from review.accounts import LoginThrottle, authenticate
from review.revalidate import revalidate
from review.uploads import Job, JobRunner, UploadError, save_uploads

FINAL = ("approved", "rejected")
"""Decided: the record is read-only until a supervisor reopens the case with a reason."""
CLERK_MOVES = {("needs_review", "submitted"), ("submitted", "needs_review")}
"""What a clerk (petugas FO) may do to a case's status: submit it, or take it back."""


class DecisionError(Exception):
    """A change the desk refuses: ``status_code``, message ``key`` with ``params``."""

    status_code = 409

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(text(key, "id", **params))
        self.key, self.params = key, params


class ReasonRequiredError(DecisionError):
    """A rejection or reopening without a reason (``case.reason_needed``/``reopen_reason``)."""

    status_code = 422

    def __init__(self, key: str = "case.reason_needed") -> None:
        super().__init__(key)


class UnknownStatusError(DecisionError):
    """A status that does not exist (422)."""

    status_code = 422


class NotAllowedError(DecisionError):
    """A status change the user's role may not make (403)."""

    status_code = 403


class RecordLockedError(DecisionError):
    """An edit of a decided (approved or rejected) case's record (423 Locked)."""

    status_code = 423


def check_decision(role: str, old: str, new: str, reason: str) -> None:
    """Whether ``role`` may move a case from ``old`` to ``new`` with ``reason``; raises if not.

    Clerks submit (and take back) cases; the supervisor approves, rejects (with a reason),
    sends back, and is the only one who reopens a decided case (with a reason).
    """
    if old == new:
        raise DecisionError("case.same_status", status=new)
    if role != "supervisor" and (old, new) not in CLERK_MOVES:
        raise NotAllowedError("case.supervisor_only")
    if old in FINAL and new != "needs_review":
        raise DecisionError("case.reopen_first")
    if new == "rejected" and not reason:
        raise ReasonRequiredError
    if old in FINAL and not reason:
        raise ReasonRequiredError("case.reopen_reason")


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
    nothing changed: nothing saved). A decided case raises :class:`RecordLockedError`; a stale
    ``expected_version`` :class:`ConflictError` before anything is checked.
    """
    view = store.get_case(case_id)
    if view.status in FINAL:  # race-free: a later status change bumps the version
        raise RecordLockedError("case.locked", id=case_id, status=view.status)
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
    reason: str = "", role: str = "clerk",
) -> CaseView:
    """Submit, approve, reject or reopen ``case_id`` as ``role`` allows (:func:`check_decision`).

    The reason is kept in the audit trail. A stale ``expected_version`` raises
    :class:`ConflictError` (the status seen may be out of date) before the rules are checked.
    """
    reason = reason.strip()
    view = store.get_case(case_id)
    if view.version != expected_version:
        raise ConflictError(case_id, expected_version, view.version)
    if status not in STATUSES:
        raise UnknownStatusError("case.unknown_status", status=status)
    check_decision(role, view.status, status, reason)
    if status == "approved" and (missing := missing_for_approval(store, view)):
        if not reason:  # the checklist: missing documents need the supervisor's reason
            raise ReasonRequiredError("checklist.override_reason")
        reason = text("checklist.overridden", "id", docs=", ".join(missing), reason=reason)
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


def _check_version(view: CaseView, expected_version: int | None) -> None:
    if expected_version is not None and view.version != expected_version:
        raise ConflictError(view.id, expected_version, view.version)


def move_file(store: Store, case_id: str, index: int, target: str | None, *, actor: str,
              expected_version: int | None = None) -> str:
    """Move the ``index``-th file (from 0) of ``case_id`` to case ``target``, or split it off
    into a new case (``target`` empty); the id of the case it went to.

    Both cases must be under review (``StoreError`` otherwise); with ``expected_version`` a
    source case changed since raises :class:`ConflictError` (checked in the move's own
    transaction).
    """
    target = (target or "").strip().upper() or None
    return regroup.move_file(store, case_id, index, target, actor=actor,
                             office=get_settings().office, expected_version=expected_version)


def merge_visit(store: Store, case_id: str, into: str, *, actor: str, role: str,
                expected_version: int | None = None) -> CaseView:
    """Add the files of ``case_id`` to the applicant's other case ``into`` (this one closes).

    A decided (approved or rejected) ``into`` goes back to review: the supervisor's move only
    (:class:`NotAllowedError` for a clerk). With ``expected_version`` a source case changed
    since raises :class:`ConflictError` first.
    """
    _check_version(store.get_case(case_id), expected_version)
    if store.get_case(into).status in FINAL and role != "supervisor":
        raise NotAllowedError("case.merge_final", id=into)
    return visits.merge_case(store, case_id, into, actor=actor, office=get_settings().office)


def approved_rows(store: Store) -> list[dict[str, str]]:
    """Every approved record as one export row (OSS form order), oldest case first."""
    return [record_row(case_id, record) for case_id, record in store.records("approved")]


class LoginRefusedError(Exception):
    """A login that did not succeed: 401 (``login.wrong``) or 429 (``login.throttled``)."""

    def __init__(self, status_code: int, key: str) -> None:
        super().__init__(text(key, "id"))
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
