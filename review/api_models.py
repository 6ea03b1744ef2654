"""The JSON API's request and response models (its OpenAPI schema), apart from its routes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from core.models import Document, FileError, Finding, Severity
from records.models import RECORD_FIELD_NAMES, RECORD_FIELDS, Candidate, Origin, Section, Source
from records.store import AuditEntry

__all__ = ["AccountChangeOut", "AccountIn", "AccountOut", "ActiveIn", "CaseItem", "CaseOut",
           "ConflictOut", "ErrorOut", "ExportRow", "FileOut", "LoginIn", "MergeIn", "MoveIn",
           "OwnPasswordIn", "PasswordIn", "RecordPatch", "RecordValueOut", "SessionOut",
           "StatusIn", "UploadJobOut"]


class ErrorOut(BaseModel):
    """An error: what went wrong, in words for the clerk."""

    detail: str


class LoginIn(BaseModel):
    """A review-desk account's name and password."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "ani", "password": "kata-sandi-ani"}]})
    name: str
    password: str


class SessionOut(BaseModel):
    """The logged-in user and the session's CSRF token (for the ``X-CSRF-Token`` header)."""

    name: str
    role: str
    csrf_token: str


class CaseItem(BaseModel):
    """A case in the queue (NIK masked)."""

    id: str
    kind: str
    status: str
    version: int
    created_at: datetime
    age_seconds: int = Field(description="Time since the case came in.")
    applicant_name: str | None
    nik_masked: str
    n_errors: int
    n_warnings: int


class RecordValueOut(BaseModel):
    """One record value, in OSS form order, with its provenance and the worst finding on it."""

    name: str
    section: Section
    label: str
    label_en: str
    value: str | None
    origin: Origin
    source: Source | None = Field(description="The document field it was read from, "
                                                 "with confidence and bbox.")
    candidates: list[Candidate] = Field(description="Every document's value for it; "
                                                       "more than one value: sources disagree.")
    conflict: bool = Field(description="The documents disagree on this value.")
    mark: Severity | None = Field(description="The worst current finding on this field.")
    note: str | None
    read: str | None = Field(default=None, description="Origin unread (tidak terbaca): what "
                             "the document showed, ? for each unreadable glyph; never the value.")


class FileOut(BaseModel):
    """A source file of the case."""

    filename: str
    sha256: str
    size: int


class CaseOut(BaseModel):
    """A whole case: the record, the documents read, the current findings, the audit trail."""

    id: str
    kind: str
    status: str
    version: int = Field(description="Send it back with a change (optimistic locking).")
    created_at: datetime
    updated_at: datetime
    applicant_name: str | None
    nik: str | None
    n_errors: int
    n_warnings: int
    record: list[RecordValueOut]
    documents: list[Document] = Field(description="Each document with its fields (value, "
                                                     "raw OCR text, confidence, bbox, page); "
                                                     "the findings are in `findings`.")
    findings: list[Finding] = Field(description="The current findings of the case "
                                                   "(re-validated after every correction).")
    errors: list[FileError]
    files: list[FileOut]
    audit: list[AuditEntry] = Field(description="Every change and status change, oldest "
                                                   "first; never editable.")


class RecordPatch(BaseModel):
    """Corrections of record values, based on case ``version``."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"version": 1, "changes": {"nik": "6311064508850003", "email": "siti@contoh.id"}}]})
    version: int
    changes: dict[str, str | None] = Field(
        description="Record field → new value (trimmed and upper-cased; empty or null clears "
                    "it). Field names: " + ", ".join(RECORD_FIELD_NAMES) + ".")

    @field_validator("changes")
    @classmethod
    def _known(cls, changes: dict[str, str | None]) -> dict[str, str | None]:
        unknown = sorted(set(changes) - set(RECORD_FIELD_NAMES))
        if unknown:
            raise ValueError(f"kolom tidak dikenal: {', '.join(unknown)}")
        return changes


class StatusIn(BaseModel):
    """A decision on case ``version``: submit (clerk), approve, reject or reopen (supervisor)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"version": 2, "status": "submitted"},
        {"version": 2, "status": "approved"},
        {"version": 2, "status": "rejected", "reason": "KTP tidak terbaca"}]})
    status: Literal["needs_review", "submitted", "approved", "rejected"]
    version: int
    reason: str = Field("", description="Required for a rejection and for reopening a decided "
                                        "case; kept in the audit trail.")


class ConflictOut(BaseModel):
    """A change refused because another clerk saved the case first."""

    detail: str
    case_id: str
    expected_version: int
    current_version: int
    mine: dict[str, str | None] = Field(description="Your values, not saved.")
    theirs: list[AuditEntry] = Field(description="What others changed since your own last "
                                                    "change of the case.")
    current: CaseOut


class UploadJobOut(BaseModel):
    """An upload being read by the intake flow."""

    id: str
    state: str = Field(description="queued | running | done | failed")
    files: list[str]
    case_id: str | None = Field(description="The new case, once `state` is done.")
    message: str


class AccountOut(BaseModel):
    """A review-desk account as the supervisor's accounts page lists it."""

    name: str
    role: Literal["clerk", "supervisor"]
    active: bool
    created_at: datetime
    sessions: int = Field(description="Live sessions of the account.")


class AccountIn(BaseModel):
    """A new account (supervisor only); the password is stored as an Argon2 hash."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "citra", "password": "kata-sandi-citra", "role": "clerk"}]})
    name: str = Field(description="1 to 64 characters.")
    password: str = Field(description="At least 8 characters.")
    role: Literal["clerk", "supervisor"] = "clerk"


class ActiveIn(BaseModel):
    """Enable or disable an account; disabling ends its sessions at once."""

    active: bool


class PasswordIn(BaseModel):
    """A new password for an account (supervisor only); its sessions end at once."""

    password: str = Field(description="At least 8 characters.")


class OwnPasswordIn(BaseModel):
    """The logged-in user's own new password, with the current one."""

    current: str
    new: str = Field(description="At least 8 characters.")


class AccountChangeOut(BaseModel):
    """An account after a change, how many of its sessions ended, and the page's sentence."""

    account: AccountOut
    sessions_ended: int
    message: str


class MoveIn(BaseModel):
    """Move one file of a case (with what was read from it) to another case, or split it off."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"version": 3, "target": "9F2C41D07A15"}, {"version": 3, "target": None}]})
    version: int = Field(description="The version of the case the file leaves.")
    target: str | None = Field(None, description="The case the file goes to (under review); "
                                                 "empty or null: a new case of its own.")


class MergeIn(BaseModel):
    """Add every file of a case to the applicant's other case ``into`` (this one closes)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"version": 1, "into": "9F2C41D07A15"}]})
    version: int = Field(description="The version of the case whose files move.")
    into: str = Field(description="The applicant's other case; a decided one goes back to "
                                  "review (supervisor only).")


ExportRow = create_model(  # type: ignore[call-overload]
    "ExportRow",
    __doc__="One approved record: the case id, then the values in the order of the OSS form.",
    case_id=(str, ...),
    **{spec.name: (str, Field(description=f"{spec.label_id} ({spec.label_en})"))
       for spec in RECORD_FIELDS},
)
