"""The case page's office parts: the document checklist, and regrouping the case's files
(move one to another case, or split it off into a new case)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.messages import text
from records.checklist import save_state
from records.store import Store, StoreError
from review import ops
from review.i18n import request_lang
from review.security import check_csrf
from review.web import User, page


def make_router(*, store: Store) -> APIRouter:
    """The checklist and regrouping routes on ``store``."""
    router = APIRouter(include_in_schema=False)

    def refused(request: Request, message: str, status_code: int = 409) -> Response:
        return page(request, "error.html", status_code, message=message)

    @router.post("/cases/{case_id}/checklist", dependencies=[Depends(check_csrf)])
    async def checklist(request: Request, case_id: str, user: User) -> Response:
        form = await request.form()
        view = store.get_case(case_id)
        if view.status in ("approved", "rejected"):
            return refused(request, text("case.locked", request_lang(request), id=case_id,
                                              status=view.status), 423)
        confirmed = {str(v) for v in form.getlist("confirmed")}
        try:
            save_state(store, case_id, str(form.get("application") or ""), confirmed,
                       actor=user["name"])
        except StoreError as e:
            return refused(request, str(e), 422)
        return RedirectResponse(f"/cases/{case_id}#checklist", 303)

    @router.post("/cases/{case_id}/files/{index}/move", dependencies=[Depends(check_csrf)])
    def move(request: Request, case_id: str, index: int, user: User,
             mode: Annotated[str, Form()] = "move",
             target: Annotated[str, Form()] = "") -> Response:
        if mode == "move" and not target.strip():
            return refused(request, text("regroup.target", request_lang(request)) + "?", 422)
        try:
            new = ops.move_file(store, case_id, index, target if mode == "move" else None,
                                actor=user["name"])
        except StoreError as e:
            return refused(request, str(e), 409)
        return RedirectResponse(f"/cases/{new}", 303)

    return router


def routers(*, store: Store) -> list[APIRouter]:
    """Every router of the office parts (issue 18): checklist and files, report, hand-off."""
    from review.routes import handoff, report

    return [make_router(store=store), report.make_router(store=store),
            handoff.make_router(store=store)]
