"""The document checklist (*checklist berkas*): which documents an application needs, and which
of them a case holds — present, missing or unreadable — from what the readers classified.

The applications and their documents are data (``records/checklists.toml``, read with
``tomllib``). Each case keeps the application chosen and the documents a clerk ticked (those no
reader recognises, like a land title, or a paper the scan did not catch) in the store; every
change is audited. Missing documents block approval unless the supervisor gives a reason.

>>> lists = load_checklists()
>>> [d.key for d in lists.documents_of("nib_umk")]
['ktp', 'npwp']
"""

from __future__ import annotations

import tomllib
from enum import StrEnum
from functools import lru_cache
from pathlib import Path, PurePath

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from core.models import DocType, Document
from records.db import AuditRow, CaseChecklistRow, utcnow
from records.store import CaseView, Store, StoreError

CHECKLISTS = Path(__file__).with_name("checklists.toml")


class DocumentSpec(BaseModel):
    """One document an application may need."""

    key: str
    label_id: str
    label_en: str = ""
    doc_type: DocType | None = None
    """The type the readers classify it as; ``None``: only a clerk can tick it."""
    key_fields: list[str] = Field(default_factory=list)
    values: list[str] = Field(default_factory=list)
    """Allowed values of the first key field (``PBG``/``IMB``); empty: any."""


class Application(BaseModel):
    """One kind of application and the documents it needs, in checklist order."""

    key: str
    label_id: str
    label_en: str = ""
    documents: list[str]


class Checklists(BaseModel):
    """Every application of the checklist file."""

    default: str
    default_with_permit: str | None = None
    documents: dict[str, DocumentSpec]
    applications: dict[str, Application]

    def documents_of(self, application: str) -> list[DocumentSpec]:
        """The documents ``application`` needs (an unknown one: the default's)."""
        app = self.applications.get(application) or self.applications[self.default]
        return [self.documents[k] for k in app.documents]


def parse_checklists(text: str, source: str = "checklists.toml") -> Checklists:
    """Checklists from TOML text; a document an application names must be defined."""
    data = tomllib.loads(text)
    docs = {k: DocumentSpec(key=k, **v) for k, v in data.get("documents", {}).items()}
    apps = {k: Application(key=k, **v) for k, v in data.get("applications", {}).items()}
    for app in apps.values():
        unknown = [d for d in app.documents if d not in docs]
        if unknown:
            raise ValueError(f"{source}: permohonan {app.key} memakai dokumen yang tidak "
                             f"didefinisikan: {', '.join(unknown)}")
    lists = Checklists(default=data["default"], default_with_permit=data.get(
        "default_with_permit"), documents=docs, applications=apps)
    if lists.default not in apps:
        raise ValueError(f"{source}: permohonan bawaan {lists.default} tidak ada")
    return lists


@lru_cache(maxsize=4)
def load_checklists(path: Path = CHECKLISTS) -> Checklists:
    """The checklist file (cached)."""
    return parse_checklists(path.read_text(encoding="utf-8"), path.name)


class Status(StrEnum):
    """Whether a case holds one required document."""

    PRESENT = "present"
    CONFIRMED = "confirmed"
    """Ticked by a clerk (seen on paper)."""
    UNREADABLE = "unreadable"
    MISSING = "missing"


class Item(BaseModel):
    """One required document of a case's checklist."""

    spec: DocumentSpec
    status: Status
    sources: list[str] = Field(default_factory=list)
    """The files the document was read from."""

    @property
    def ok(self) -> bool:
        """Present or ticked."""
        return self.status in (Status.PRESENT, Status.CONFIRMED)


class CaseChecklist(BaseModel):
    """A case's checklist: the application and each document's status."""

    application: Application
    items: list[Item]
    applications: list[Application] = Field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every required document present or ticked."""
        return all(i.ok for i in self.items)

    def missing(self, lang: str = "id") -> list[str]:
        """Labels of the documents not present (missing or unreadable)."""
        return [(i.spec.label_en if lang == "en" and i.spec.label_en else i.spec.label_id)
                for i in self.items if not i.ok]


def _read(doc: Document, spec: DocumentSpec) -> bool:
    if not all(doc.value(f) for f in spec.key_fields):
        return False
    return not spec.values or doc.value(spec.key_fields[0]) in spec.values


def document_status(spec: DocumentSpec, documents: list[Document], confirmed: set[str],
                    unread_files: bool) -> Item:
    """The status of ``spec`` among a case's ``documents``.

    ``unread_files``: some file of the case could not be read or classified, so a document not
    found may be in it (unreadable rather than missing).
    """
    same = [d for d in documents if spec.doc_type is not None and d.doc_type == spec.doc_type]
    sources = sorted({PurePath(d.source).name for d in same})
    if any(_read(d, spec) for d in same):
        return Item(spec=spec, status=Status.PRESENT, sources=sources)
    if spec.key in confirmed:
        return Item(spec=spec, status=Status.CONFIRMED, sources=sources)
    if same or (unread_files and spec.doc_type is not None):
        return Item(spec=spec, status=Status.UNREADABLE, sources=sources)
    return Item(spec=spec, status=Status.MISSING)


def evaluate(view: CaseView, application: str | None = None,
             confirmed: set[str] | None = None, lists: Checklists | None = None) -> CaseChecklist:
    """The checklist of ``view`` for ``application`` (by default the one its documents suggest)."""
    lists = lists or load_checklists()
    key = application if application in lists.applications else default_application(view, lists)
    unread = bool(view.errors) or any(d.doc_type == DocType.UNKNOWN for d in view.documents)
    items = [document_status(spec, view.documents, confirmed or set(), unread)
             for spec in lists.documents_of(key)]
    return CaseChecklist(application=lists.applications[key], items=items,
                         applications=list(lists.applications.values()))


def default_application(view: CaseView, lists: Checklists | None = None) -> str:
    """The application a case starts with: with a building permit read, the NIB needing one."""
    lists = lists or load_checklists()
    if lists.default_with_permit and any(d.doc_type == DocType.PERMIT for d in view.documents):
        return lists.default_with_permit
    return lists.default


# -- per case, in the store --------------------------------------------------------------
def stored_state(store: Store, case_id: str) -> tuple[str | None, set[str]]:
    """The application chosen for ``case_id`` and the documents ticked (none: ``None``, {})."""
    with Session(store.engine) as s:
        row = s.get(CaseChecklistRow, case_id)
        return (row.application, set(row.confirmed or [])) if row else (None, set())


def case_checklist(store: Store, view: CaseView) -> CaseChecklist:
    """The checklist of a stored case."""
    application, confirmed = stored_state(store, view.id)
    return evaluate(view, application, confirmed)


def save_state(store: Store, case_id: str, application: str, confirmed: set[str], *,
               actor: str) -> CaseChecklist:
    """Choose the application of ``case_id`` and the documents a clerk ticked; audited."""
    lists = load_checklists()
    if application not in lists.applications:
        raise StoreError("store.unknown_application", application=application)
    view = store.get_case(case_id)
    wanted = {d.key for d in lists.documents_of(application)}
    confirmed = {k for k in confirmed if k in wanted}
    old_app, old_confirmed = stored_state(store, case_id)
    if (old_app, old_confirmed) != (application, confirmed):
        with Session(store.engine) as s, s.begin():
            row = s.get(CaseChecklistRow, case_id)
            if row is None:
                row = CaseChecklistRow(case_id=case_id, application=application)
                s.add(row)
            row.application, row.confirmed = application, sorted(confirmed)
            row.updated_at = utcnow()
            ticked = ", ".join(lists.documents[k].label_id for k in sorted(confirmed)) or "—"
            s.add(AuditRow(case_id=case_id, actor=actor, action="checklist",
                           field="checklist", old_value=old_app, new_value=application,
                           note=f"dicek petugas: {ticked}"))
    return evaluate(view, application, confirmed, lists)


def missing_for_approval(store: Store, view: CaseView) -> list[str]:
    """The required documents ``view`` does not hold (empty: it may be approved)."""
    return case_checklist(store, view).missing()
